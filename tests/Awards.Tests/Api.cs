using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace StarPlatform.Awards.Tests;

internal static class Api
{
    public static Task<HttpResponseMessage> DecideAsync(this HttpClient client, Guid awardId, bool? confirmed, string? comment = null) =>
        client.PostAsJsonAsync($"/api/awards/{awardId}/revocation-decision", new { confirmed, comment });
}
