using Microsoft.Extensions.Caching.Memory;

namespace StarPlatform.OperatorConsole.Gateway;

/// <summary>A person of Identity's directory (<c>GET /api/identity/people</c>).</summary>
public sealed record PersonItem(Guid Id, string DisplayName, IReadOnlyList<string> Roles, Guid? UnitId, bool Active)
{
    public bool IsActiveInvestigator => Active && Roles.Contains("investigator", StringComparer.Ordinal);

    public bool IsActiveEvaluator => Active && Roles.Contains("evaluator", StringComparer.Ordinal);
}

/// <summary>
/// The directory of people, as the pages use it: the investigators a case can be given to (active
/// ones, by name) and the name of whoever a case names. Read through the gateway with the signed-in
/// person's token and kept for a short while, so a board of many rows asks once.
/// </summary>
public sealed class PeopleDirectory(GatewayClient gateway, IMemoryCache cache)
{
    private const string CacheKey = "people-directory";
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    /// <summary>Everyone, by id; empty (and not kept) when the directory could not be read.</summary>
    public async Task<IReadOnlyDictionary<Guid, PersonItem>> EveryoneAsync(CancellationToken ct = default)
    {
        if (cache.TryGetValue(CacheKey, out IReadOnlyDictionary<Guid, PersonItem>? people) && people is not null)
        {
            return people;
        }

        var result = await gateway.GetAsync<List<PersonItem>>("api/identity/people", ct);
        if (result.Value is not { } list)
        {
            return new Dictionary<Guid, PersonItem>();
        }

        people = list.ToDictionary(p => p.Id);
        cache.Set(CacheKey, people, Lifetime);
        return people;
    }

    /// <summary>The investigators on duty, in the directory's order (by name).</summary>
    public async Task<IReadOnlyList<PersonItem>> InvestigatorsAsync(CancellationToken ct = default) =>
        [.. (await EveryoneAsync(ct)).Values.Where(p => p.IsActiveInvestigator)];

    /// <summary>The evaluators on duty (考评组成员 the secretary can register on the panel), by name.</summary>
    public async Task<IReadOnlyList<PersonItem>> EvaluatorsAsync(CancellationToken ct = default) =>
        [.. (await EveryoneAsync(ct)).Values.Where(p => p.IsActiveEvaluator)];

    /// <summary>The person's name, or the start of the id when the directory does not know them.</summary>
    public static string NameIn(IReadOnlyDictionary<Guid, PersonItem> people, Guid id) =>
        people.TryGetValue(id, out var person) ? person.DisplayName : id.ToString()[..8];
}
