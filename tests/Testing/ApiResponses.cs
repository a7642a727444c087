using System.Net;
using System.Text.Json;

namespace StarPlatform.Testing;

/// <summary>What the service tests check on every answer: the status they expect, the JSON body, problem details.</summary>
public static class ApiResponses
{
    /// <summary>The body of a 201; anything else fails the test with the status and the body.</summary>
    public static Task<JsonElement> CreatedAsync(this HttpResponseMessage response) => ExpectAsync(response, HttpStatusCode.Created);

    /// <summary>The body of a 200; anything else fails the test with the status and the body.</summary>
    public static Task<JsonElement> OkAsync(this HttpResponseMessage response) => ExpectAsync(response, HttpStatusCode.OK);

    /// <summary>An RFC 9457 problem detail with <paramref name="status"/>, as <c>application/problem+json</c> with its <c>status</c> member.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var problem = await ExpectAsync(response, status);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType != "application/problem+json")
        {
            throw new ResponseMismatchException($"expected application/problem+json, got {mediaType}: {problem}");
        }

        if (!problem.TryGetProperty("status", out var member) || member.GetInt32() != (int)status)
        {
            throw new ResponseMismatchException($"expected a problem with status {(int)status}: {problem}");
        }

        AssertInItsLanguage(response, problem);
        return problem;
    }

    /// <summary>
    /// A problem said in Chinese (no Accept-Language, or one preferring Chinese: <c>Content-Language: zh-CN</c>) has
    /// Chinese in its title, detail and every field message: a message the catalog lacks fails the test that meets it.
    /// </summary>
    public static void AssertInItsLanguage(HttpResponseMessage response, JsonElement problem)
    {
        if (!response.Content.Headers.ContentLanguage.Contains("zh-CN"))
        {
            return;
        }

        var messages = new List<string?>();
        foreach (var member in new[] { "title", "detail" })
        {
            if (problem.TryGetProperty(member, out var text) && text.ValueKind == JsonValueKind.String)
            {
                messages.Add(text.GetString());
            }
        }

        if (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
        {
            messages.AddRange(errors.EnumerateObject().SelectMany(f => f.Value.EnumerateArray().Select(m => m.GetString())));
        }

        if (messages.FirstOrDefault(m => m is not null && !m.Any(c => c is >= '\u4e00' and <= '\u9fff')) is { } english)
        {
            throw new ResponseMismatchException($"a zh-CN problem says \"{english}\" (no Chinese for it in ProblemTexts.zh-CN.resx): {problem}");
        }
    }

    /// <summary>GET <paramref name="path"/>, expecting 200; its body.</summary>
    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path) => await (await client.GetAsync(path)).OkAsync();

    public static Guid Id(this JsonElement e) => e.GetProperty("id").GetGuid();

    public static string Str(this JsonElement e, string property) => e.GetProperty(property).GetString()!;

    /// <summary>The <c>items</c> of a page.</summary>
    public static IEnumerable<JsonElement> Items(this JsonElement page) => page.GetProperty("items").EnumerateArray();

    private static async Task<JsonElement> ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != status)
        {
            throw new ResponseMismatchException($"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        }

        return JsonDocument.Parse(body).RootElement;
    }
}

/// <summary>An answer other than the one the test expected (a test failure).</summary>
public sealed class ResponseMismatchException(string message) : Exception(message);
