using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace StarPlatform.OperatorConsole.Gateway;

/// <summary>A failed veto item of a result: the item, the reason as Scoring writes it and the case that proved it (when a finding did).</summary>
public sealed record ResultVeto(int Item, string Reason, string? CaseNumber)
{
    /// <summary>One of Scoring's <c>vetoes</c> (an application's, or its breakdown's).</summary>
    public static ResultVeto From(JsonElement veto) =>
        new((int)(Json.Number(veto, "item") ?? 0), Json.Text(veto, "reason"), Json.Text(veto, "caseNumber") is { Length: > 0 } c ? c : null);

    /// <summary>
    /// The veto as a result table says it, naming the item and the case once. The panel's reason names its item
    /// (考评组评定第1项不合格：…) and is printed as it is; a finding's names its case but not the item
    /// (2026年有效投诉 TS-2026-000001（服务态度）), which is put in front: 第 7 项：2026年有效投诉 ….
    /// </summary>
    public string Text(IStringLocalizer ui)
    {
        var item = Reason.Contains($"第{Item}项", StringComparison.Ordinal) ? "" : ui["Veto.Item", Item].Value;
        var caseNumber = CaseNumber is { } c && !Reason.Contains(c, StringComparison.Ordinal) ? $"（{c}）" : "";
        return item + Reason + caseNumber;
    }
}

/// <summary>A row of a cycle's result table: the league table's row with the vetoes of its application.</summary>
public sealed record ResultRow(
    int? Rank, Guid ApplicationId, string UnitName, string UnitKind, string Status, decimal? Total, int? Stars, bool Vetoed, IReadOnlyList<ResultVeto> Vetoes);

/// <summary>
/// A cycle's result table as the secretary exports and prints it: Scoring's league table (every page),
/// each vetoed row with its reasons from the application (<c>GET /applications/{id}</c>).
/// </summary>
public sealed class CycleResults(GatewayClient gateway)
{
    public async Task<ApiResult<List<ResultRow>>> LoadAsync(Guid cycleId, CancellationToken ct = default)
    {
        var rows = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var result = await gateway.GetAsync<JsonElement>(
                $"api/scoring/cycles/{cycleId}/league-table?page={page}&pageSize={StarPlatform.Http.Paging.MaxPageSize}", ct);
            if (!result.Ok)
            {
                return new ApiResult<List<ResultRow>>(null, result.Problem);
            }

            var items = Json.Items(result.Value);
            rows.AddRange(items);
            var total = result.Value.TryGetProperty("total", out var t) && t.TryGetInt32(out var n) ? n : rows.Count;
            if (items.Count < StarPlatform.Http.Paging.MaxPageSize || rows.Count >= total)
            {
                break;
            }
        }

        var results = new List<ResultRow>(rows.Count);
        foreach (var row in rows)
        {
            var id = Guid.Parse(Json.Text(row, "applicationId"));
            var vetoed = Json.Flag(row, "vetoed");
            IReadOnlyList<ResultVeto> vetoes = [];
            if (vetoed && await gateway.GetAsync<JsonElement>($"api/scoring/applications/{id}", ct) is { Ok: true } application)
            {
                vetoes = [.. Json.Items(application.Value.GetProperty("vetoes")).Select(ResultVeto.From)];
            }

            results.Add(new ResultRow(
                Json.Number(row, "rank") is { } rank ? (int)rank : null, id, Json.Text(row, "unitName"), Json.Text(row, "unitKind"),
                Json.Text(row, "status"), Json.Number(row, "total"), Json.Number(row, "stars") is { } s ? (int)s : null, vetoed, vetoes));
        }

        return new ApiResult<List<ResultRow>>(results, null);
    }
}
