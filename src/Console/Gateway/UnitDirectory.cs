using Microsoft.Extensions.Caching.Memory;

namespace StarPlatform.OperatorConsole.Gateway;

/// <summary>
/// Finds units for the type-ahead from the registry's lists: by name (centers and outlets, then the
/// windows of the best-matching centers), by division code (digits: a prefix) or by hotline number
/// (the centers that answer it). Names of units already seen are cached for the case lists.
/// </summary>
public sealed class UnitDirectory(GatewayClient gateway, IMemoryCache cache)
{
    public const int MaxChoices = 12;
    private static readonly TimeSpan NameLifetime = TimeSpan.FromMinutes(10);

    public async Task<IReadOnlyList<UnitChoice>> SearchAsync(string text, CancellationToken ct)
    {
        var term = text.Trim();
        if (term.Length == 0)
        {
            return [];
        }

        // Runs as the operator types: no trace per keystroke.
        using var untraced = CallTracing.Untraced();
        var digits = term.All(char.IsAsciiDigit);
        var query = Uri.EscapeDataString(term);
        List<CenterItem> centers;
        List<OutletItem> outlets = [];
        List<WindowItem> windowsByName = [];
        if (digits && Vocabulary.HotlineChannels.Contains(term))
        {
            var all = await gateway.GetAsync<Page<CenterItem>>("api/registry/centers?status=active&pageSize=200", ct);
            centers = [.. (all.Value?.Items ?? []).Where(c => c.Hotlines?.Contains(term) == true)];
        }
        else
        {
            var filter = digits ? $"divisionCode={query}" : $"q={query}";
            var centerTask = gateway.GetAsync<Page<CenterItem>>($"api/registry/centers?{filter}&status=active&pageSize={MaxChoices}", ct);
            var outletTask = gateway.GetAsync<Page<OutletItem>>($"api/registry/outlets?{filter}&status=active&pageSize={MaxChoices}", ct);
            // Callers name windows (社保, 户籍) more often than centers: by name or department.
            var windowTask = digits
                ? Task.FromResult(new ApiResult<Page<WindowItem>>(null, null))
                : gateway.GetAsync<Page<WindowItem>>($"api/registry/windows?q={query}&status=active&pageSize={MaxChoices}", ct);
            centers = [.. (await centerTask).Value?.Items ?? []];
            outlets = [.. (await outletTask).Value?.Items ?? []];
            windowsByName = [.. (await windowTask).Value?.Items ?? []];
        }

        var choices = new List<UnitChoice>();
        foreach (var center in centers.Take(MaxChoices))
        {
            choices.Add(Remember(new UnitChoice(center.Id, "center", center.Name, null, center.DivisionCode)));
        }

        // Windows have no list of their own: those of the first few centers found follow their center.
        var windowLists = await Task.WhenAll(centers.Take(3).Select(async c =>
            (Center: c, Children: (await gateway.GetAsync<Page<UnitItem>>($"api/registry/units/{c.Id}/children", ct)).Value?.Items ?? [])));
        foreach (var (center, children) in windowLists)
        {
            var index = choices.FindIndex(u => u.Id == center.Id) + 1;
            var windows = children.Where(u => u.Kind == "window" && u.Status == "active")
                .Select(w => Remember(new UnitChoice(w.Id, "window", w.Name, center.Name, w.DivisionCode)));
            choices.InsertRange(index, windows);
        }

        foreach (var window in windowsByName.Where(w => choices.All(c => c.Id != w.Id)))
        {
            var centerName = await NameAsync(window.CenterId, "center", ct);
            choices.Add(Remember(new UnitChoice(window.Id, "window", window.Name, centerName, null)));
        }

        choices.AddRange(outlets.Select(o => Remember(new UnitChoice(o.Id, "outlet", o.Name, null, o.DivisionCode))));
        return [.. choices.Take(MaxChoices * 2)];
    }

    /// <summary>The unit's name (and its center's, for a window), from the registry once per ten minutes.</summary>
    public async Task<string> NameAsync(Guid id, string kind, CancellationToken ct)
    {
        if (cache.TryGetValue(Key(id), out string? name) && name is not null)
        {
            return name;
        }

        var path = kind switch { "window" => "windows", "outlet" => "outlets", _ => "centers" };
        var unit = await gateway.GetAsync<UnitItem>($"api/registry/{path}/{id}", ct);
        name = unit.Value?.Name ?? id.ToString()[..8];
        cache.Set(Key(id), name, NameLifetime);
        return name;
    }

    private UnitChoice Remember(UnitChoice unit)
    {
        cache.Set(Key(unit.Id), unit.Context is null ? unit.Name : $"{unit.Context} · {unit.Name}", NameLifetime);
        return unit;
    }

    private static string Key(Guid id) => $"unit-name:{id}";
}
