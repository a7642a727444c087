using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Components.Authorization;
using StarPlatform.OperatorConsole.SignIn;

namespace StarPlatform.OperatorConsole.Gateway;

/// <summary>An API answer: the value, or the problem details the API gave instead.</summary>
public sealed record ApiResult<T>(T? Value, ApiProblem? Problem)
{
    public bool Ok => Problem is null;

    /// <summary>The answer's <c>ETag</c>: the version a registry unit was read at, which a change sends back in <c>If-Match</c>.</summary>
    public string? ETag { get; init; }
}

/// <summary>RFC 9457 problem details; <c>errors</c> keyed by field (<c>description</c>, <c>caller.phone</c>).</summary>
public sealed record ApiProblem(int Status, string? Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    /// <summary>The problem's <c>type</c> (a URI naming the rule), when the API gave one.</summary>
    public string? Type { get; init; }

    /// <summary>The messages for <paramref name="field"/> (case-insensitive, nested keys included with <paramref name="nested"/>).</summary>
    public IReadOnlyList<string> For(string field, bool nested = false) =>
        [.. Errors.Where(e => string.Equals(e.Key, field, StringComparison.OrdinalIgnoreCase)
                || (nested && e.Key.StartsWith(field + ".", StringComparison.OrdinalIgnoreCase)))
            .SelectMany(e => e.Value)];

    /// <summary>Messages for fields the form does not show next to a field.</summary>
    public IReadOnlyList<string> Except(params string[] fields) =>
        [.. Errors.Where(e => !fields.Any(f => string.Equals(e.Key, f, StringComparison.OrdinalIgnoreCase)
                || e.Key.StartsWith(f + ".", StringComparison.OrdinalIgnoreCase)))
            .SelectMany(e => e.Value)];

    public static ApiProblem Unreachable(string message) => new(0, message, null, new Dictionary<string, string[]>());
}

/// <summary>
/// The APIs through the gateway, with the signed-in person's access token (read from the sign-in
/// cookie's principal, which interactive components see too).
/// </summary>
public sealed class GatewayClient(HttpClient http, AuthenticationStateProvider authentication, ILogger<GatewayClient> logger)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken ct = default) =>
        SendAsync<T>(HttpMethod.Get, path, null, null, ct);

    public Task<ApiResult<T>> PostAsync<T>(string path, object body, string? idempotencyKey = null, CancellationToken ct = default) =>
        SendAsync<T>(HttpMethod.Post, path, JsonContent.Create(body, options: Json), idempotencyKey, ct);

    public Task<ApiResult<T>> PutAsync<T>(string path, object body, CancellationToken ct = default) =>
        SendAsync<T>(HttpMethod.Put, path, JsonContent.Create(body, options: Json), null, ct);

    /// <summary>A partial update of the version read (<paramref name="ifMatch"/>, its ETag): 412 when someone changed it since.</summary>
    public Task<ApiResult<T>> PatchAsync<T>(string path, object body, string ifMatch, CancellationToken ct = default) =>
        SendAsync<T>(HttpMethod.Patch, path, JsonContent.Create(body, options: Json), null, ct, ifMatch);

    /// <summary>A file's text as the body (the registry's outlet import takes <c>text/csv</c>).</summary>
    public Task<ApiResult<T>> PostTextAsync<T>(string path, string text, string mediaType, CancellationToken ct = default) =>
        SendAsync<T>(HttpMethod.Post, path, new StringContent(text, System.Text.Encoding.UTF8, mediaType), null, ct);

    private async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, HttpContent? body, string? idempotencyKey, CancellationToken ct, string? ifMatch = null)
    {
        // Inside this async call only: the caller's context is back when it returns.
        CallTracing.BeginCall();
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        if (ConsoleClaims.AccessTokenOf(user) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        // Problems come back in the page's language: Chinese unless the operator switched to English.
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(
            CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "zh-CN"));
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        request.Content = body;

        try
        {
            using var response = await http.SendAsync(request, ct);
            if (response.IsSuccessStatusCode)
            {
                return new ApiResult<T>(await response.Content.ReadFromJsonAsync<T>(Json, ct), null) { ETag = response.Headers.ETag?.ToString() };
            }

            return new ApiResult<T>(default, await ProblemOf(response, ct));
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning(e, "{Method} {Path} did not reach the gateway", method, path);
            return new ApiResult<T>(default, ApiProblem.Unreachable(e.Message));
        }
    }

    private static async Task<ApiProblem> ProblemOf(HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        string? title = response.ReasonPhrase, detail = null, type = null;
        var errors = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
        {
            try
            {
                using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
                var root = doc.RootElement;
                title = root.TryGetProperty("title", out var t) ? t.GetString() : title;
                detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
                type = root.TryGetProperty("type", out var ty) && ty.ValueKind == JsonValueKind.String ? ty.GetString() : null;
                if (root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object)
                {
                    foreach (var field in e.EnumerateObject())
                    {
                        errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                            ? [.. field.Value.EnumerateArray().Select(m => m.GetString() ?? "")]
                            : [field.Value.ToString()];
                    }
                }
            }
            catch (JsonException)
            {
            }
        }

        return new ApiProblem(status == 0 ? (int)HttpStatusCode.BadGateway : status, title, detail, errors) { Type = type };
    }
}
