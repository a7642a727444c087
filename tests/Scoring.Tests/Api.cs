using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StarPlatform.Scoring.Model;

namespace StarPlatform.Scoring.Tests;

internal static class Api
{
    public static decimal? Dec(this JsonElement e, string property) =>
        e.GetProperty(property).ValueKind == JsonValueKind.Null ? null : e.GetProperty(property).GetDecimal();

    public static int? Int(this JsonElement e, string property) =>
        e.GetProperty(property).ValueKind == JsonValueKind.Null ? null : e.GetProperty(property).GetInt32();

    /// <summary>A score sheet body from item scores (a tiered item's points left out = computed).</summary>
    public static object Sheet(IEnumerable<ItemScore> items, decimal panelJudgement, string? reason = null, bool omitTiered = false, CriteriaVersion? version = null) => new
    {
        items = items.Select(i => new
        {
            number = i.Number,
            points = omitTiered && version!.Items.Single(v => v.Number == i.Number).Kind == "tiered" ? (decimal?)null : i.Points,
            vetoFailed = i.VetoFailed,
            note = i.Note,
        }).ToList(),
        panelJudgement,
        reason,
    };

    public static Task<HttpResponseMessage> PutSheetAsync(this HttpClient client, Guid applicationId, Guid evaluatorId, object sheet) =>
        client.PutAsJsonAsync($"/api/scoring/applications/{applicationId}/scores/{evaluatorId}", sheet);
}
