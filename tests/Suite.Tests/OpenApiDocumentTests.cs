using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace StarPlatform.Suite.Tests;

/// <summary>
/// A lint of every service's OpenAPI document as the gateway serves it, for a client generated from
/// it to work as is (docs/api/README.md, "The OpenAPI documents"): the gateway as the one server, the
/// client-credentials scheme, the roles of each operation as the route inventory has them, a
/// bilingual summary on every operation and a description on every parameter, plain numbers, an enum
/// for every closed set, every member of a response required (decision 0016), 404 on every by-id read
/// and 429 everywhere.
/// </summary>
[Collection(SuiteCollection.Name)]
public partial class OpenApiDocumentTests(SuiteFixture suite)
{
    public static TheoryData<string> Services => new() { "registry", "criteria", "scoring", "complaints", "awards", "identity", "ratings" };

    /// <summary>The string properties and parameters of each service that hold a closed set of words.</summary>
    private static readonly Dictionary<string, string[]> ClosedSets = new()
    {
        ["registry"] = ["level", "status", "hotlines", "kind", "unitKind", "outcome"],
        ["criteria"] = ["level", "status", "kind", "unitKind", "finding", "offences"],
        ["scoring"] = ["status", "applicationStatus", "stage", "unitKind", "source", "actorRole", "kind"],
        ["complaints"] = ["channel", "category", "status", "step", "targetKind", "offence"],
        ["awards"] = ["status", "fundingStatus", "category", "level", "unitKind", "offence"],
        ["identity"] = ["role", "roles"],
        ["ratings"] = ["channel", "level", "outcome", "firstOutcome", "unitKind"],
    };

    [Theory]
    [MemberData(nameof(Services))]
    public async Task The_document_names_the_gateway_and_its_token_endpoint(string service)
    {
        var document = await DocumentAsync(service);
        var publicUrl = suite.PublicUrl.TrimEnd('/');
        Assert.Equal(publicUrl, Assert.Single(document["servers"]!.AsArray())!["url"]!.GetValue<string>());
        var scheme = document["components"]!["securitySchemes"]!["oauth2"]!;
        Assert.Equal("oauth2", scheme["type"]!.GetValue<string>());
        Assert.Equal($"{publicUrl}/connect/token", scheme["flows"]!["clientCredentials"]!["tokenUrl"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Every_operation_has_a_bilingual_summary_and_every_parameter_a_description(string service)
    {
        var document = await DocumentAsync(service);
        var unsummarised = new List<string>();
        var undescribed = new List<string>();
        foreach (var (name, operation) in Operations(document))
        {
            if (operation["summary"]?.GetValue<string>() is not { } summary || !Chinese().IsMatch(summary) || !English().IsMatch(summary))
            {
                unsummarised.Add(name);
            }

            undescribed.AddRange((operation["parameters"]?.AsArray() ?? []).OfType<JsonObject>()
                .Where(p => string.IsNullOrWhiteSpace(p["description"]?.GetValue<string>()))
                .Select(p => $"{name} {p["name"]}"));
        }

        Assert.Empty(unsummarised);
        Assert.Empty(undescribed);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Numbers_are_plain_numbers_and_every_closed_set_has_an_enum(string service)
    {
        var document = await DocumentAsync(service);
        var numberOrString = new List<string>();
        var openSets = new List<string>();
        var closed = ClosedSets[service];
        foreach (var (where, name, schema) in Schemas(document))
        {
            var types = Types(schema);
            if (types.Contains("string") && (types.Contains("number") || types.Contains("integer")))
            {
                numberOrString.Add(where);
            }

            // Words only where the type is a string (a number with an enum of words is a mislabelled set).
            if (schema["enum"] is JsonArray values && !types.Contains("string")
                && values.Any(v => v?.GetValueKind() == System.Text.Json.JsonValueKind.String))
            {
                openSets.Add($"{where} (words on a {string.Join("|", types)})");
            }

            var words = types.Contains("array") && schema["items"] is JsonObject items ? items : schema;
            if (closed.Contains(name) && Types(words).Contains("string") && words["enum"] is null)
            {
                openSets.Add(where);
            }
        }

        Assert.Empty(numberOrString);
        Assert.Empty(openSets);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Every_member_of_an_answer_is_required_as_it_is_always_sent(string service)
    {
        var document = await DocumentAsync(service);
        var schemas = document["components"]!["schemas"]!.AsObject();
        var answered = Operations(document)
            .SelectMany(o => (o.Operation["responses"]?.AsObject() ?? []).Where(r => r.Key is "200" or "201"))
            .SelectMany(r => (r.Value?["content"]?.AsObject() ?? []).Select(c => c.Value?["schema"]))
            .SelectMany(References).ToList();
        Assert.NotEmpty(answered);
        // Every schema an answer holds, however deep.
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>(answered);
        while (pending.TryDequeue(out var next))
        {
            if (reached.Add(next))
            {
                foreach (var inner in References(schemas[next]))
                {
                    pending.Enqueue(inner);
                }
            }
        }

        var optional = new List<string>();
        foreach (var name in reached.Where(n => n is not ("ProblemDetails" or "HttpValidationProblemDetails")))
        {
            var schema = schemas[name]!;
            var required = (schema["required"]?.AsArray() ?? []).Select(r => r!.GetValue<string>()).ToHashSet();
            optional.AddRange((schema["properties"]?.AsObject() ?? []).Select(p => p.Key).Where(p => !required.Contains(p)).Select(p => $"{name}.{p}"));
        }

        Assert.Empty(optional);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task By_id_reads_document_404_and_every_operation_429_and_503_with_Retry_After(string service)
    {
        var document = await DocumentAsync(service);
        foreach (var (name, operation) in Operations(document))
        {
            var responses = operation["responses"]!.AsObject();
            if (name.StartsWith("GET ", StringComparison.Ordinal) && name.Contains('{', StringComparison.Ordinal))
            {
                Assert.True(responses.ContainsKey("404"), $"{name} documents 404");
            }

            Assert.True(responses["429"]?["headers"]?["Retry-After"] is not null, $"{name} documents 429 with Retry-After");
            Assert.True(responses["503"]?["headers"]?["Retry-After"] is not null, $"{name} documents 503 with Retry-After");
            if ((operation["parameters"]?.AsArray() ?? []).Any(p => p?["name"]?.GetValue<string>() == "If-Match"))
            {
                Assert.True(responses.ContainsKey("412") && responses.ContainsKey("428"), $"{name} documents 412 and 428");
            }

            if (responses.ContainsKey("304"))
            {
                Assert.Contains(operation["parameters"]!.AsArray(), p => p?["name"]?.GetValue<string>() == "If-None-Match");
            }
        }
    }

    /// <summary>
    /// Each route of the inventory (<see cref="RouteAccessTests.Routes"/>, which calls every route with
    /// every role) states exactly the roles that get through: the security requirement and <c>x-roles</c>.
    /// </summary>
    [Fact]
    public async Task Every_operation_states_the_roles_its_route_admits()
    {
        var mismatches = new List<string>();
        foreach (var row in RouteAccessTests.Routes)
        {
            var (route, admitted) = ((string)row[0], (string)row[1]);
            var method = route[..route.IndexOf(' ')];
            var path = route[(route.IndexOf(' ') + 1)..].Split('?')[0];
            if (!path.StartsWith("/api/", StringComparison.Ordinal))
            {
                continue;
            }

            var document = await DocumentAsync(path.Split('/')[2]);
            // The literal template wins over one with a placeholder (/api/complaints/statistics, not /{id}).
            var operation = document["paths"]!.AsObject()
                .Where(p => Regex.IsMatch(path, "^" + Regex.Replace(Regex.Escape(p.Key), @"\\\{[^}]+}", "[^/]+") + "$"))
                .OrderBy(p => p.Key.Count(c => c == '{'))
                .Select(p => p.Value?[method.ToLowerInvariant()]).OfType<JsonObject>().FirstOrDefault();
            if (operation is null)
            {
                mismatches.Add($"{route}: no operation");
                continue;
            }

            var roles = (operation["x-roles"]?.AsArray() ?? []).Select(r => r!.GetValue<string>()).Order().ToList();
            var expected = admitted == "public" ? [] : admitted.Split(',').Order().ToList();
            var secured = operation["security"] is JsonArray { Count: > 0 } security && security[0]?["oauth2"] is not null;
            if (!roles.SequenceEqual(expected) || secured != expected.Count > 0)
            {
                mismatches.Add($"{route}: x-roles [{string.Join(",", roles)}], secured {secured}; the route admits {admitted}");
            }
        }

        Assert.Empty(mismatches);
    }

    [Fact]
    public async Task Open311_s_form_post_has_its_request_body()
    {
        var document = await DocumentAsync("complaints");
        var body = document["paths"]!["/api/complaints/open311/v2/requests.json"]!["post"]!["requestBody"]!["content"]!["application/x-www-form-urlencoded"]!["schema"]!;
        Assert.Contains("service_code", body["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.NotNull(body["properties"]!["address_id"]);
    }

    /// <summary>The component schemas <paramref name="node"/> refers to.</summary>
    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "$ref" && p.Value is JsonValue v ? [v.GetValue<string>().Split('/')[^1]] : References(p.Value)),
        JsonArray a => a.SelectMany(References),
        _ => [],
    };

    private async Task<JsonObject> DocumentAsync(string service) =>
        JsonNode.Parse(await suite.Gateway.GetStringAsync($"/openapi/{service}.json"))!.AsObject();

    private static IEnumerable<(string Name, JsonObject Operation)> Operations(JsonObject document) =>
        from path in document["paths"]!.AsObject()
        from operation in path.Value!.AsObject()
        where operation.Value is JsonObject
        select ($"{operation.Key.ToUpperInvariant()} {path.Key}", (JsonObject)operation.Value!);

    /// <summary>Every property of every component schema and every parameter: where, its name, its schema (inline schemas included).</summary>
    private static IEnumerable<(string Where, string Name, JsonObject Schema)> Schemas(JsonObject document)
    {
        foreach (var (name, schema) in document["components"]!["schemas"]!.AsObject())
        {
            foreach (var found in Properties(name, schema as JsonObject))
            {
                yield return found;
            }
        }

        foreach (var (name, operation) in Operations(document))
        {
            foreach (var parameter in (operation["parameters"]?.AsArray() ?? []).OfType<JsonObject>())
            {
                var parameterName = parameter["name"]!.GetValue<string>();
                if (parameter["schema"] is JsonObject schema)
                {
                    yield return ($"{name} {parameterName}", parameterName, schema);
                }
            }
        }
    }

    private static IEnumerable<(string Where, string Name, JsonObject Schema)> Properties(string where, JsonObject? schema)
    {
        foreach (var (name, property) in schema?["properties"]?.AsObject() ?? [])
        {
            if (property is not JsonObject propertySchema)
            {
                continue;
            }

            yield return ($"{where}.{name}", name, propertySchema);
            foreach (var nested in Properties($"{where}.{name}", propertySchema))
            {
                yield return nested;
            }
        }
    }

    private static string[] Types(JsonNode? schema) => schema?["type"] switch
    {
        JsonArray types => [.. types.Select(t => t!.GetValue<string>())],
        JsonValue type => [type.GetValue<string>()],
        _ => [],
    };

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Chinese();

    [GeneratedRegex("[A-Za-z]{3,}")]
    private static partial Regex English();
}
