using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace StarPlatform.Suite.Tests;

/// <summary>
/// Every class of malformed input, sent through the gateway to every write and every read route of the inventory
/// (<see cref="RouteAccessTests.Routes"/>) as a role the route admits. The body of a write is built from the
/// route's request schema in its backend's OpenAPI document, then spoiled one field and one class at a time. Whatever
/// the route answers, it is never a 5xx; every refusal is an RFC 9457 problem with a <c>type</c>; control characters
/// are a 400 that names the field; and nothing is written.
/// </summary>
[Collection(SuiteCollection.Name)]
public class MalformedInputTests(SuiteFixture suite, ITestOutputHelper output)
{
    /// <summary>The rows each service's own handlers write (not replicas, inboxes or leases), and its outbox numbering.</summary>
    private static readonly Dictionary<string, string[]> OwnTables = new()
    {
        ["registry"] = ["centers", "windows", "outlets", "idempotency_records"],
        ["criteria"] = ["criteria_sets", "criteria_versions", "criteria_categories", "criteria_items", "star_schemes", "idempotency_records"],
        ["scoring"] = ["cycles", "applications", "panel_members", "score_sheets", "score_changes", "idempotency_records"],
        ["complaints"] = ["complaints", "idempotency_records"],
        ["awards"] = ["revocations"],
        ["ratings"] = ["served_transactions", "ratings", "device_records", "monthly_rates"],
    };

    private static readonly string[] ControlCharacters = ["a\u0000b", "a\u0007b", "\u001b[31mred", "a\u009bb", "a\u007fb"];

    public static TheoryData<string, string> Writes => Select(method => method is "POST" or "PUT" or "PATCH");

    public static TheoryData<string, string> Reads => Select(method => method == "GET");

    private static TheoryData<string, string> Select(Func<string, bool> method)
    {
        var rows = new TheoryData<string, string>();
        foreach (var row in RouteAccessTests.Routes)
        {
            var (route, admitted) = ((string)row[0], (string)row[1]);
            if (method(route[..route.IndexOf(' ')]) && route.StartsWith(route[..route.IndexOf(' ')] + " /api/", StringComparison.Ordinal))
            {
                rows.Add(route, admitted);
            }
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task A_malformed_write_is_refused_as_a_problem_and_writes_nothing(string route, string admitted)
    {
        var (method, path) = Split(route);
        var client = await ClientAsync(admitted);
        var schema = await RequestSchemaAsync(path, method);
        var valid = ValidBody(route) ?? (schema is null ? new JsonObject() : Sample(schema, 0) as JsonObject ?? new JsonObject());
        var service = path.Split('/')[2];
        var before = await WrittenAsync(service);
        var failures = new List<string>();

        var probes = 0;
        async Task ProbeAsync(string what, HttpContent? content, string? controlField = null)
        {
            probes++;
            using var request = new HttpRequestMessage(new HttpMethod(method), Concrete(path)) { Content = content };
            using var response = await client.SendAsync(request);
            var failure = response.IsSuccessStatusCode
                ? $"accepted with {(int)response.StatusCode}"
                : await CheckAsync(response, controlField);
            if (failure is not null)
            {
                failures.Add($"{what}: {failure}");
            }
        }

        await ProbeAsync("invalid JSON", Json("{\"name\": \"未闭合"));
        await ProbeAsync("empty body", Json(""));
        await ProbeAsync("JSON null body", Json("null"));
        await ProbeAsync("JSON array body", Json("[]"));
        await ProbeAsync("JSON number body", Json("1e999"));
        await ProbeAsync("wrong content type (text/plain)", new StringContent(valid.ToJsonString(), Encoding.UTF8, "text/plain"));
        await ProbeAsync("wrong content type (xml)", new StringContent("<a/>", Encoding.UTF8, "application/xml"));
        await ProbeAsync("control character in a property name", Json("{\"na\\u0000me\": \"x\"}"), controlField: "na\\u0000me");
        foreach (var (what, key) in new[] { ("empty", ""), ("201 characters", new string('k', 201)) })
        {
            using var content = Json("{\"name\": \"未闭合");
            content.Headers.Add("Idempotency-Key", key);
            await ProbeAsync($"invalid JSON with an Idempotency-Key of {what}", content);
        }

        foreach (var (field, fieldSchema, required) in Fields(schema, valid))
        {
            foreach (var (what, value) in Spoilt(field, fieldSchema, required))
            {
                var body = (JsonObject)valid.DeepClone();
                Set(body, field, value?.DeepClone());
                var control = what.StartsWith("control", StringComparison.Ordinal) ? field : null;
                await ProbeAsync($"{field} = {what}", Json(body.ToJsonString()), control);
            }
        }

        output.WriteLine($"{route}: {probes} probes");
        Assert.True(failures.Count == 0, $"{route} as {admitted}:\n{string.Join("\n", failures)}");
        Assert.Equal(before, await WrittenAsync(service));
    }

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task A_malformed_query_is_refused_as_a_problem_or_answers_an_empty_page(string route, string admitted)
    {
        var (method, path) = Split(route);
        var client = await ClientAsync(admitted);
        var parameters = await QueryParametersAsync(path.Split('?')[0], method);
        var failures = new List<string>();
        var bad = new (string What, string Value)[]
        {
            ("a long text", new string('x', 4000)), ("a negative number", "-1"), ("zero", "0"),
            ("a page past any offset", "1000000000"), ("int.MaxValue", "2147483647"), ("past int", "2147483648"),
            ("past long", "99999999999999999999"), ("a float", "1.5"), ("an exponent", "1e400"),
            ("an unknown word", "no-such-word"), ("a date without offset", "2026-01-01T00:00:00"),
            ("year 1", "0001-01-01T00:00:00Z"), ("year 9999", "9999-12-31T23:59:59Z"), ("a javascript: URL", "javascript:alert(1)"),
            ("an empty value", ""), ("invalid percent-encoding", "%E4%B8"),
        };

        output.WriteLine($"{route}: query parameters {string.Join(", ", parameters)}");
        foreach (var parameter in parameters.Append("page").Distinct())
        {
            foreach (var control in ControlCharacters)
            {
                var failure = await GetAsync(client, path, $"{parameter}={Uri.EscapeDataString(control)}", parameter);
                if (failure is not null)
                {
                    failures.Add($"{parameter} = control character {Uri.EscapeDataString(control)}: {failure}");
                }
            }

            foreach (var (what, value) in bad)
            {
                var query = $"{parameter}={(value.StartsWith('%') ? value : Uri.EscapeDataString(value))}";
                var failure = await GetAsync(client, path, query, null)
                    ?? await GetAsync(client, path, $"{query}&pageSize=200", null);
                if (failure is not null)
                {
                    failures.Add($"{parameter} = {what}: {failure}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{route} as {admitted}:\n{string.Join("\n", failures)}");
    }

    [Fact]
    public async Task A_malformed_Open311_form_is_refused_and_writes_nothing()
    {
        const string path = "/api/complaints/open311/v2/requests.json";
        var before = await WrittenAsync("complaints");
        var fields = new Dictionary<string, string>
        {
            ["service_code"] = "attitude", ["description"] = "x", ["address_id"] = Guid.NewGuid().ToString(),
            ["first_name"] = "x", ["last_name"] = "x", ["phone"] = "13800000000", ["email"] = "a@example.test",
            ["requested_datetime"] = DateTimeOffset.UtcNow.ToString("O"), ["media_url"] = "https://example.test/a.jpg",
        };
        var failures = new List<string>();
        // As staff (the operator): anonymous submissions are held to a low per-address limit in the suite.
        var staff = await ClientAsync("public");
        async Task ProbeAsync(string what, HttpContent content, string? controlField = null)
        {
            using var response = await staff.PostAsync(path, content);
            if ((await CheckAsync(response, controlField) ?? (response.IsSuccessStatusCode ? $"accepted with {(int)response.StatusCode}" : null)) is { } failure)
            {
                failures.Add($"{what}: {failure}");
            }
        }

        foreach (var field in fields.Keys)
        {
            foreach (var control in ControlCharacters)
            {
                var form = new Dictionary<string, string>(fields) { [field] = control };
                using var response = await staff.PostAsync(path, new FormUrlEncodedContent(form));
                if (await CheckAsync(response, field) is { } failure)
                {
                    failures.Add($"{field} = control character: {failure}");
                }
            }
        }

        foreach (var (what, value) in new[] { ("a date without offset", "2026-01-01T08:00:00"), ("year 1900", "1900-01-01T00:00:00+08:00"),
                     ("a javascript: URL", "javascript:alert(1)") })
        {
            var field = what.Contains("URL", StringComparison.Ordinal) ? "media_url" : "requested_datetime";
            using var response = await staff.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>(fields) { [field] = value }));
            if ((int)response.StatusCode >= 500 || response.IsSuccessStatusCode)
            {
                failures.Add($"{field} = {what}: {(int)response.StatusCode}");
            }
        }

        var broken = new StringContent("--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nno end", Encoding.UTF8);
        broken.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        await ProbeAsync("a malformed multipart body", broken);
        await ProbeAsync("a form of 5,000 fields", new FormUrlEncodedContent(Enumerable.Range(0, 5000).Select(i => KeyValuePair.Create($"f{i}", "x"))));

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await WrittenAsync("complaints"));
    }

    [Fact]
    public async Task A_CSV_import_with_control_characters_invalid_UTF8_or_formulas_is_refused_and_writes_nothing()
    {
        var admin = await suite.GatewayAsAsync("dev-admin");
        var before = await WrittenAsync("registry");
        var header = "name,level,divisionCode,parentId,address\n";
        var files = new (string What, byte[] Bytes)[]
        {
            ("NUL in a name", Encoding.UTF8.GetBytes(header + "网点\u0000一,township,510000,,眉山\n")),
            ("ESC in an address", Encoding.UTF8.GetBytes(header + "网点二,township,510000,,\u001b[2J\n")),
            ("invalid UTF-8", [.. Encoding.UTF8.GetBytes(header + "网点"), 0xC3, 0x28, .. Encoding.UTF8.GetBytes(",township,510000,,眉山\n")]),
            ("a formula", Encoding.UTF8.GetBytes(header + "=HYPERLINK(\"http://x\"),township,510000,,眉山\n")),
            ("a formula with @", Encoding.UTF8.GetBytes(header + "网点三,township,510000,,@SUM(A1)\n")),
        };
        var failures = new List<string>();
        foreach (var (what, bytes) in files)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv; charset=utf-8");
            using var response = await admin.PostAsync("/api/registry/outlets/import", content);
            var failure = response.StatusCode == HttpStatusCode.BadRequest ? await CheckAsync(response, null) : "not 400";
            if (failure is not null)
            {
                failures.Add($"{what}: {failure}: {(int)response.StatusCode} {Short(await response.Content.ReadAsStringAsync())}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await WrittenAsync("registry"));
    }

    [Fact]
    public async Task A_control_character_in_a_token_request_is_an_invalid_request_without_internals()
    {
        var response = await suite.Gateway.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "dev-admin\u0000",
            ["client_secret"] = "x",
        }));

        var body = await InvalidRequestAsync(response, "NUL in client_id");
        Assert.Contains("client_id", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_token_and_authorize_requests_are_invalid_requests_without_internals()
    {
        var fields = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "dev-admin", ["client_secret"] = "dev-admin-secret", ["scope"] = "openid",
        };
        foreach (var field in fields.Keys)
        {
            foreach (var control in ControlCharacters)
            {
                await InvalidRequestAsync(await suite.Gateway.PostAsync("/connect/token",
                    new FormUrlEncodedContent(new Dictionary<string, string>(fields) { [field] = control })), $"token: {field} = {Uri.EscapeDataString(control)}");
            }
        }

        var broken = new StringContent("--b\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\nno end", Encoding.UTF8);
        broken.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        foreach (var (what, content) in new (string, HttpContent)[]
                 {
                     ("a malformed multipart body", broken),
                     ("invalid percent-encoding", new StringContent("grant_type=client_credentials&client_id=%E4%B8&client_secret=x", Encoding.UTF8, "application/x-www-form-urlencoded")),
                     ("a form of 5,000 fields", new FormUrlEncodedContent(Enumerable.Range(0, 5000).Select(i => KeyValuePair.Create($"f{i}", "x")))),
                 })
        {
            using var response = await suite.Gateway.PostAsync("/connect/token", content);
            var body = await response.Content.ReadAsStringAsync();
            // 400, or 401 when the form is read and its (mangled) client is unknown: a refusal, never a fault.
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, $"token: {what}: {(int)response.StatusCode} {Short(body)}");
            AssertNoInternals(body, $"token: {what}");
        }

        foreach (var parameter in new[] { "client_id", "redirect_uri", "state", "scope", "code_challenge", "response_type" })
        {
            await InvalidRequestAsync(await suite.Gateway.GetAsync(
                $"/connect/authorize?client_id=dev-console&response_type=code&scope=openid&{parameter}={Uri.EscapeDataString("a\u0000b")}"),
                $"authorize: NUL in {parameter}");
        }
    }

    [Fact]
    public async Task An_over_long_URI_or_header_at_the_gateway_is_a_problem_with_a_type()
    {
        using var longUri = await suite.Gateway.GetAsync("/api/registry/centers?q=" + new string('x', 9000));
        Assert.Null(await CheckAsync(longUri, null));
        Assert.Equal(HttpStatusCode.RequestUriTooLong, longUri.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/registry/centers");
        request.Headers.Add("X-Large", new string('h', 40 * 1024));
        using var largeHeaders = await suite.Gateway.SendAsync(request);
        Assert.Null(await CheckAsync(largeHeaders, null));
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, largeHeaders.StatusCode);
    }

    /// <summary>The body of a 400 with OAuth's <c>invalid_request</c> that shows nothing of the server.</summary>
    private static async Task<string> InvalidRequestAsync(HttpResponseMessage response, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode} {Short(body)}");
        using var document = JsonDocument.Parse(body);
        Assert.True(document.RootElement.TryGetProperty("error", out var error) && error.GetString() == "invalid_request", $"{what}: {Short(body)}");
        AssertNoInternals(body, what);
        return body;
    }

    private static void AssertNoInternals(string body, string what)
    {
        foreach (var internals in new[] { "   at ", "Npgsql", "Exception", "127.0.0.1", "localhost:", "Authorization", "User-Agent" })
        {
            Assert.False(body.Contains(internals, StringComparison.Ordinal), $"{what}: the body shows {internals}: {Short(body)}");
        }
    }

    private async Task<string?> GetAsync(HttpClient client, string path, string query, string? controlField)
    {
        var separator = path.Contains('?') ? '&' : '?';
        using var response = await client.GetAsync($"{Concrete(path)}{separator}{query}");
        return await CheckAsync(response, controlField);
    }

    /// <summary>What is wrong with the answer to a malformed request, or null when it is right.</summary>
    private static async Task<string?> CheckAsync(HttpResponseMessage response, string? controlField)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        if (status >= 500)
        {
            return $"{status} {Short(body)}";
        }

        if (controlField is not null && status != 400)
        {
            return $"{status}, not 400, for a control character: {Short(body)}";
        }

        if (status is 401 or 429)
        {
            return $"{status}: refused at the door, the probe did not reach the service";
        }

        if (status < 400)
        {
            return null;
        }

        if (response.RequestMessage?.RequestUri?.AbsolutePath.Contains("/open311/", StringComparison.Ordinal) == true && controlField is null
            && response.Content.Headers.ContentType?.MediaType == "application/json" && body.StartsWith("[{\"code\":", StringComparison.Ordinal))
        {
            // Open311 (GeoReport v2) clients read its own error list: [{"code", "description"}].
            return null;
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{status} as {response.Content.Headers.ContentType?.MediaType ?? "no body"}, not a problem: {Short(body)}";
        }

        using var document = JsonDocument.Parse(body);
        var problem = document.RootElement;
        if (!problem.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() is not { Length: > 0 })
        {
            return $"{status} problem without a type: {Short(body)}";
        }

        if (body.Contains("   at ", StringComparison.Ordinal))
        {
            return $"{status} carries a stack trace";
        }

        if (controlField is not null && !(problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
                && errors.EnumerateObject().Any(e => e.Name.Equals(controlField, StringComparison.OrdinalIgnoreCase))))
        {
            return $"400 does not name {controlField}: {Short(body)}";
        }

        return null;
    }

    private static string Short(string body) => body.Length > 300 ? body[..300] + "…" : body;

    /// <summary>The malformed values for one field, by what its schema says it holds.</summary>
    private static IEnumerable<(string What, JsonNode? Value)> Spoilt(string field, JsonObject schema, bool required)
    {
        var kind = Kind(schema);
        var format = schema["format"]?.GetValue<string>();
        if (required)
        {
            yield return ("null for a required field", null);
        }

        yield return ("an object (wrong type)", new JsonObject { ["a"] = 1 });
        switch (kind)
        {
            case "string":
                yield return ("a number (wrong type)", 12345);
                yield return ("true (wrong type)", true);
                foreach (var control in ControlCharacters)
                {
                    yield return ($"control character U+{(int)control.First(char.IsControl):X4}", control);
                }

                yield return ("100,000 characters", new string('长', 100_000));
                if (schema["enum"] is not null)
                {
                    yield return ("an unknown enum word", "no-such-word");
                }

                if (format is "date-time")
                {
                    yield return ("a date without offset", "2026-01-01T08:00:00");
                    yield return ("year 1900", "1900-01-01T00:00:00+08:00");
                    yield return ("year 9999", "9999-12-31T23:59:59+00:00");
                    yield return ("an impossible date", "2026-13-45T00:00:00Z");
                }

                if (format is "uuid")
                {
                    yield return ("not a uuid", "not-a-uuid");
                    yield return ("the empty uuid", Guid.Empty.ToString());
                }

                if (format is "uri" || field.Contains("url", StringComparison.OrdinalIgnoreCase))
                {
                    yield return ("a javascript: URL", "javascript:alert(1)");
                    yield return ("a file: URL", "file:///etc/passwd");
                }

                break;
            case "integer":
            case "number":
                yield return ("a word (wrong type)", "abc");
                yield return ("past int", 2147483648L);
                yield return ("below int", -2147483649L);
                yield return ("past decimal", JsonNode.Parse("99999999999999999999999999999999"));
                yield return ("1e400", JsonNode.Parse("1e400"));
                yield return ("-1e308", JsonNode.Parse("-1e308"));
                if (kind == "integer")
                {
                    yield return ("a fraction", 1.5);
                }
                break;
            case "boolean":
                yield return ("a word (wrong type)", "yes");
                yield return ("a number (wrong type)", 1);
                break;
            case "array":
                yield return ("a string (wrong type)", "x");
                yield return ("an array of nulls", new JsonArray(null, null));
                break;
            case "object":
                yield return ("a string (wrong type)", "x");
                yield return ("an array (wrong type)", new JsonArray());
                break;
        }
    }

    /// <summary>
    /// Bodies a handler accepts, where a sample from the schema would be refused for other reasons: spoiling one
    /// field of these shows whether that field's refusal holds on its own.
    /// </summary>
    private static JsonObject? ValidBody(string route) => route switch
    {
        "POST /api/registry/centers" => (JsonObject)JsonSerializer.SerializeToNode(TestData.County())!,
        _ => null,
    };

    /// <summary>Every field of <paramref name="valid"/> (nested objects and the first item of arrays too), with its schema.</summary>
    private IEnumerable<(string Field, JsonObject Schema, bool Required)> Fields(JsonObject? schema, JsonObject valid)
    {
        if (schema?["properties"] is not JsonObject properties)
        {
            yield break;
        }

        var required = schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
        foreach (var (name, property) in properties)
        {
            var resolved = Resolve(property as JsonObject);
            if (resolved is null || !valid.ContainsKey(name))
            {
                continue;
            }

            yield return (name, resolved, required.Contains(name) && !Nullable(property as JsonObject));
            if (Kind(resolved) == "object" && valid[name] is JsonObject nested)
            {
                foreach (var (field, fieldSchema, fieldRequired) in Fields(resolved, nested))
                {
                    yield return ($"{name}.{field}", fieldSchema, fieldRequired);
                }
            }

            if (Kind(resolved) == "array" && valid[name] is JsonArray { Count: > 0 } items && items[0] is JsonObject first
                && Resolve(resolved["items"] as JsonObject) is { } itemSchema)
            {
                foreach (var (field, fieldSchema, fieldRequired) in Fields(itemSchema, first))
                {
                    yield return ($"{name}[0].{field}", fieldSchema, fieldRequired);
                }
            }
        }
    }

    /// <summary>Whether a property's schema admits null (OpenAPI 3.1: "null" among its types or choices).</summary>
    private static bool Nullable(JsonObject? schema) =>
        schema?["type"] is JsonArray types && types.Any(t => t?.GetValue<string>() == "null")
        || (schema?["anyOf"] ?? schema?["oneOf"]) is JsonArray choices && choices.OfType<JsonObject>().Any(c => c["type"]?.ToString() == "null")
        || schema?["nullable"]?.GetValue<bool>() == true;

    private static void Set(JsonObject body, string field, JsonNode? value)
    {
        var parts = Regex.Split(field, @"\.|(?=\[)");
        JsonNode node = body;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            node = parts[i] == "[0]" ? node.AsArray()[0]! : node[parts[i]]!;
        }

        node.AsObject()[parts[^1]] = value;
    }

    /// <summary>A value that fits <paramref name="schema"/>.</summary>
    private JsonNode? Sample(JsonObject schema, int depth)
    {
        schema = Resolve(schema) ?? schema;
        if (schema["enum"] is JsonArray values && values.Count > 0)
        {
            return values.FirstOrDefault(v => v is not null)?.DeepClone();
        }

        return Kind(schema) switch
        {
            "object" when depth < 4 => new JsonObject((schema["properties"] as JsonObject ?? [])
                .Select(p => KeyValuePair.Create(p.Key, Sample(p.Value as JsonObject ?? [], depth + 1)))),
            "array" when depth < 4 && schema["items"] is JsonObject items => new JsonArray(Sample(items, depth + 1)),
            "integer" => 1,
            "number" => 1,
            "boolean" => false,
            "string" => schema["format"]?.GetValue<string>() switch
            {
                "date-time" => DateTimeOffset.UtcNow.ToString("O"),
                "date" => DateTime.UtcNow.ToString("yyyy-MM-dd"),
                "uuid" => Guid.NewGuid().ToString(),
                "uri" => "https://example.test/a",
                _ => "x",
            },
            _ => null,
        };
    }

    private JsonObject? _components;

    private JsonObject? Resolve(JsonObject? schema)
    {
        for (var i = 0; i < 5 && schema?["$ref"]?.GetValue<string>() is { } reference; i++)
        {
            schema = _components?[reference.Split('/')[^1]] as JsonObject;
        }

        if ((schema?["anyOf"] ?? schema?["oneOf"]) is JsonArray choices)
        {
            return Resolve(choices.OfType<JsonObject>().FirstOrDefault(s => Kind(Resolve(s) ?? s) != "null"));
        }

        return schema;
    }

    /// <summary>The JSON type a schema admits besides null (OpenAPI 3.1 lists types, with "null" for nullable).</summary>
    private static string? Kind(JsonObject schema) => schema["type"] switch
    {
        JsonArray types => types.Select(t => t?.GetValue<string>()).FirstOrDefault(t => t is not ("null" or null) && t != "string")
            ?? types.Select(t => t?.GetValue<string>()).FirstOrDefault(t => t is not ("null" or null)),
        JsonValue type => type.GetValue<string>(),
        _ => schema["properties"] is not null ? "object" : schema["enum"] is not null ? "string" : null,
    };

    private static readonly ConcurrentDictionary<string, Task<JsonObject>> Documents = new();

    private async Task<JsonObject?> OperationAsync(string path, string method)
    {
        path = path.Split('?')[0];
        var service = path.Split('/')[2];
        var document = await Documents.GetOrAdd(service, async name =>
            JsonNode.Parse(await suite.Gateway.GetStringAsync($"/openapi/{name}.json"))!.AsObject());
        _components = document["components"]?["schemas"] as JsonObject;
        foreach (var (template, operations) in document["paths"]!.AsObject())
        {
            var pattern = "^" + Regex.Replace(Regex.Escape(template), @"\\\{[^}]+}", "[^/]+") + "$";
            if (Regex.IsMatch(Concrete(path), pattern) && operations?[method.ToLowerInvariant()] is JsonObject operation)
            {
                return operation;
            }
        }

        return null;
    }

    private async Task<JsonObject?> RequestSchemaAsync(string path, string method) =>
        Resolve((await OperationAsync(path, method))?["requestBody"]?["content"]?["application/json"]?["schema"] as JsonObject);

    private async Task<IReadOnlyList<string>> QueryParametersAsync(string path, string method) =>
        (await OperationAsync(path, method))?["parameters"]?.AsArray().OfType<JsonObject>()
            .Where(p => p["in"]?.GetValue<string>() == "query").Select(p => p["name"]!.GetValue<string>()).ToList() ?? [];

    /// <summary>Rows the service's own handlers write, and the outbox rows it ever numbered.</summary>
    private async Task<string> WrittenAsync(string service)
    {
        if (!OwnTables.TryGetValue(service, out var tables))
        {
            return "";
        }

        var counts = new List<long>();
        foreach (var table in tables)
        {
            counts.Add(await suite.CountAsync(service, $"select count(*) from {table}"));
        }

        if (service is "registry" or "criteria")
        {
            counts.Add(await suite.CountAsync(service,
                "select coalesce(pg_sequence_last_value(pg_get_serial_sequence('outbox_message', 'sequence_number')), 0)"));
        }

        return string.Join(",", tables.Zip(counts, (t, c) => $"{t}={c}"));
    }

    private async Task<HttpClient> ClientAsync(string admitted) =>
        // Public routes are called as the operator: staff are not held to the anonymous submission limit.
        await suite.GatewayAsAsync(SuiteFixture.ClientFor(admitted == "public" ? "operator" : admitted.Split(',')[0]));

    private static (string Method, string Path) Split(string route) => (route[..route.IndexOf(' ')], route[(route.IndexOf(' ') + 1)..]);

    private static readonly string FixedId = Guid.NewGuid().ToString();

    private static string Concrete(string path) => path.Replace("{id}", FixedId);

    private static StringContent Json(string text) => new(text, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
}
