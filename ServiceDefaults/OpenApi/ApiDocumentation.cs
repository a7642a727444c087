using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.OpenApi;
using StarPlatform.Access;

namespace StarPlatform.OpenApi;

/// <summary>
/// Every service's OpenAPI document as a client generator needs it (docs/api/README.md, "The OpenAPI
/// documents"): the gateway as the one server, the OAuth 2.0 client-credentials scheme with the roles
/// each operation needs (from the endpoint's policy, <see cref="Policies.RolesByPolicy"/>), summaries and
/// parameter descriptions in Chinese and English (<see cref="ApiText"/>), plain numbers, enums for the
/// closed sets, every member of a response required (decision 0016: members are always sent, null when
/// empty), and the headers and problem answers the services and the gateway give.
/// </summary>
public static class ApiDocumentation
{
    /// <summary>The security scheme's name in <c>components.securitySchemes</c>.</summary>
    public const string SecurityScheme = "oauth2";

    /// <summary>Configuration: the URL clients reach the gateway at (the AppHost sets it; the gateway's default port otherwise).</summary>
    public const string PublicUrlKey = "OpenApi:PublicUrl";

    public const string DefaultPublicUrl = "http://localhost:5080/";

    /// <summary>Roles an operation needs, as an extension next to the security requirement.</summary>
    public const string RolesExtension = "x-roles";

    private const string ProblemSchema = "ProblemDetails";
    private const string ProblemJson = "application/problem+json";

    /// <summary>Adds the service's texts (summaries, parameters, closed sets) to its document.</summary>
    public static IServiceCollection AddApiText(this IServiceCollection services, ApiText text) => services.AddSingleton(text);

    /// <summary>The OpenAPI document (<c>/openapi/v1.json</c>) with the transformations above.</summary>
    public static IHostApplicationBuilder AddApiDocument(this IHostApplicationBuilder builder)
    {
        var configured = builder.Configuration[PublicUrlKey];
        var publicUrl = configured is { Length: > 0 } ? configured : DefaultPublicUrl;
        if (!publicUrl.EndsWith('/'))
        {
            publicUrl += "/";
        }

        builder.Services.AddApiText(SharedText.Text);
        // What the document promises for public reads (304), the service does (Caching.UsePublicReadValidators).
        builder.Services.AddSingleton<StarPlatform.Http.Caching.PublicReadValidators>();
        builder.Services.AddOpenApi(options =>
        {
            options.AddSchemaTransformer((schema, context, _) =>
            {
                // Instants are written by our own converter (decision 0017), which the generator sees as "any
                // value": the document still says what they are.
                if (context.JsonTypeInfo.Type == typeof(DateTimeOffset) || context.JsonTypeInfo.Type == typeof(DateTimeOffset?))
                {
                    schema.Type = context.JsonTypeInfo.Type == typeof(DateTimeOffset) ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
                    schema.Format = "date-time";
                }

                // Which members the serializer always writes: a response's required members (decision 0016).
                if (context.JsonTypeInfo.Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object && schema.Properties is { Count: > 0 })
                {
                    var written = context.JsonTypeInfo.Properties.Where(p => p.Get is not null && p.ShouldSerialize is null).Select(p => p.Name).ToList();
                    schema.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                    schema.Extensions[AlwaysWritten] = new JsonNodeExtension(new JsonArray([.. written.Select(n => (JsonNode)n)]));
                }

                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                DescribeAccess(operation, context);
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer((document, context, _) =>
            {
                var text = Merge(context.ApplicationServices.GetServices<ApiText>());
                // Routes marked as taking an Idempotency-Key (AcceptsIdempotencyKey) are documented as such without a list to keep.
                text.Idempotent.UnionWith(context.ApplicationServices.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
                    .Where(e => e.Metadata.GetMetadata<StarPlatform.Http.IdempotencyKeyMetadata>() is not null)
                    .Select(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IEndpointNameMetadata>()?.EndpointName).OfType<string>());
                Describe(document, text, publicUrl);
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    /// <summary>Temporary extension from the schema transformer to the document transformer.</summary>
    private const string AlwaysWritten = "x-always-written";

    private static ApiText Merge(IEnumerable<ApiText> texts)
    {
        var merged = new ApiText();
        foreach (var text in texts)
        {
            foreach (var (k, v) in text.Operations) merged.Operations[k] = v;
            foreach (var (k, v) in text.Parameters) merged.Parameters[k] = v;
            foreach (var (k, v) in text.ClosedSets) merged.ClosedSets[k] = v;
            foreach (var (k, v) in text.FormBodies) merged.FormBodies[k] = v;
            foreach (var (k, v) in text.Headers) merged.Headers[k] = v;
            merged.Idempotent.UnionWith(text.Idempotent);
        }

        return merged;
    }

    /// <summary>
    /// The roles the endpoint's policies admit (every policy must hold, so the roles all of them
    /// admit): a security requirement, <c>x-roles</c>, and a line of the description; 401 and 403 as
    /// problems. A public endpoint (no policy) has none of these.
    /// </summary>
    private static void DescribeAccess(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct().ToList();
        if (metadata.OfType<IAllowAnonymous>().Any() || policies.Count == 0)
        {
            // A public read is tagged from its content, 304 on If-None-Match (Caching.UsePublicReadValidators).
            if (string.Equals(context.Description.HttpMethod, "GET", StringComparison.OrdinalIgnoreCase))
            {
                operation.Responses ??= [];
                operation.Responses.TryAdd("304", new OpenApiResponse { Description = "未改动 / Not modified" });
            }

            return;
        }

        IEnumerable<string> roles = Roles.All;
        foreach (var policy in policies)
        {
            roles = roles.Intersect(Policies.RolesByPolicy.TryGetValue(policy, out var admitted) ? admitted : []);
        }

        var list = roles.ToList();
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(SecurityScheme, context.Document)] = [],
        });
        operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        operation.Extensions[RolesExtension] = new JsonNodeExtension(new JsonArray([.. list.Select(r => (JsonNode)r)]));
        var line = $"角色 / Roles: {string.Join(", ", list)}.";
        operation.Description = string.IsNullOrWhiteSpace(operation.Description) ? line : operation.Description + "\n\n" + line;
        operation.Responses ??= [];
        AddProblem(operation, context.Document, StatusCodes.Status401Unauthorized, ("没有或无效的访问令牌。", "No token, or the token is not valid."));
        AddProblem(operation, context.Document, StatusCodes.Status403Forbidden, ("令牌的角色不在允许之列（allowedRoles 列出允许的角色）。", "The token's roles are not among those allowed (allowedRoles lists them)."));
    }

    private static void Describe(OpenApiDocument document, ApiText text, string publicUrl)
    {
        document.Servers = [new OpenApiServer { Url = publicUrl.TrimEnd('/'), Description = "网关 / The gateway" }];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SecurityScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.OAuth2,
            Description = "客户端凭据令牌，经网关从身份服务获取；令牌的 role 声明决定可调用的操作（见各操作的 x-roles）。 / " +
                "A client-credentials token from the identity server through the gateway; its role claims decide the operations it may call (each operation's x-roles).",
            Flows = new OpenApiOAuthFlows
            {
                ClientCredentials = new OpenApiOAuthFlow
                {
                    TokenUrl = new Uri(publicUrl + "connect/token"),
                    Scopes = new Dictionary<string, string>(),
                },
            },
        };

        var schemas = document.Components.Schemas ?? new Dictionary<string, IOpenApiSchema>();
        var (requests, responses) = Reachable(document, schemas);
        foreach (var (name, candidate) in schemas)
        {
            if (candidate is not OpenApiSchema schema)
            {
                continue;
            }

            Visit(schema, PlainNumbers);
            foreach (var (property, propertySchema) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
            {
                if (propertySchema is OpenApiSchema concrete
                    && (text.ClosedSets.GetValueOrDefault($"{name}.{property}") ?? text.ClosedSets.GetValueOrDefault(property)) is { } values)
                {
                    Enumerate(concrete, values);
                }
            }

            if (schema.Extensions?.Remove(AlwaysWritten, out var written) == true
                && responses.Contains(name) && !requests.Contains(name) && name is not ProblemSchema and not "HttpValidationProblemDetails"
                && written is JsonNodeExtension { Node: JsonArray members })
            {
                schema.Required ??= new HashSet<string>();
                foreach (var member in members.Select(m => m!.GetValue<string>()).Where(m => schema.Properties?.ContainsKey(m) == true))
                {
                    schema.Required.Add(member);
                }
            }
        }

        foreach (var (path, item) in document.Paths)
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                DescribeOperation(document, path, method, operation, text);
            }
        }
    }

    private static void DescribeOperation(OpenApiDocument document, string path, HttpMethod method, OpenApiOperation operation, ApiText text)
    {
        var id = operation.OperationId ?? "";
        if (text.Operations.TryGetValue(id, out var summary))
        {
            operation.Summary = summary.ToString();
        }

        operation.Responses ??= [];
        operation.Parameters ??= [];
        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>())
        {
            if (text.Parameters.TryGetValue($"{id}.{parameter.Name}", out var described)
                || text.Parameters.TryGetValue(parameter.Name ?? "", out described))
            {
                parameter.Description = described.ToString();
            }

            if (parameter.Schema is OpenApiSchema schema)
            {
                Visit(schema, PlainNumbers);
                if ((text.ClosedSets.GetValueOrDefault($"{id}.{parameter.Name}") ?? text.ClosedSets.GetValueOrDefault(parameter.Name ?? "")) is { } values)
                {
                    Enumerate(schema, values);
                }
            }
        }

        if (text.FormBodies.TryGetValue(id, out var form))
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/x-www-form-urlencoded"] = new()
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Required = new HashSet<string>(form.Required),
                            Properties = form.Fields.ToDictionary(f => f.Key, f => (IOpenApiSchema)new OpenApiSchema
                            {
                                Type = JsonSchemaType.String,
                                Description = f.Value.ToString(),
                            }),
                        },
                    },
                },
            };
        }

        foreach (var header in text.Headers.GetValueOrDefault(id) ?? [])
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = header.Name,
                In = ParameterLocation.Header,
                Required = header.Required,
                Description = header.Description.ToString(),
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        if (text.Idempotent.Contains(id))
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "Idempotency-Key",
                In = ParameterLocation.Header,
                Description = "幂等键（1–200 个字符）：同一调用方以同一键和同一请求重试时得到首次的应答；同一键用于另一请求时为 409。 / " +
                    "1 to 200 characters: a retry by the same caller with the same key and request gets the first answer; the key with another request is 409.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 200 },
            });
            AddProblem(operation, document, StatusCodes.Status409Conflict, ("冲突：例如幂等键已用于另一请求。", "A conflict, e.g. the Idempotency-Key was used for another request."));
        }

        if (operation.Parameters.OfType<OpenApiParameter>().FirstOrDefault(p => p.In == ParameterLocation.Header && p.Name == "If-Match") is { } ifMatch)
        {
            ifMatch.Description ??= new Bilingual("上次读取时 ETag 的值：资源在此期间被改动则为 412，缺少则为 428。",
                "The ETag of the last read: 412 when the resource changed since, 428 when it is missing.").ToString();
            AddProblem(operation, document, StatusCodes.Status412PreconditionFailed, ("If-Match 所指的版本已不是当前版本。", "The If-Match names a version that is no longer current."));
            AddProblem(operation, document, StatusCodes.Status428PreconditionRequired, ("修改需要 If-Match。", "A change needs If-Match."));
        }

        if (operation.Responses.ContainsKey("304"))
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-None-Match",
                In = ParameterLocation.Header,
                Description = "上次应答的 ETag：内容未变时为 304（无正文）。 / The ETag of an earlier answer: 304 (no body) while the content is unchanged.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
            if (operation.Responses["304"] is OpenApiResponse notModified)
            {
                notModified.Description = "未改动 / Not modified";
            }

            if (operation.Responses.TryGetValue("200", out var ok) && ok is OpenApiResponse okResponse)
            {
                okResponse.Headers ??= new Dictionary<string, IOpenApiHeader>();
                okResponse.Headers["ETag"] = new OpenApiHeader
                {
                    Description = "内容的强 ETag / The content's strong ETag",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                };
            }
        }

        // A by-id read: whatever it reads may not exist.
        if (method == HttpMethod.Get && path.Contains('{', StringComparison.Ordinal))
        {
            AddProblem(operation, document, StatusCodes.Status404NotFound, ("没有这一资源。", "No such resource."));
        }

        if (operation.Parameters.OfType<OpenApiParameter>().Any(p => p.In == ParameterLocation.Query) || operation.RequestBody is not null)
        {
            AddProblem(operation, document, StatusCodes.Status400BadRequest, ("请求无效：errors 逐项列出。", "The request is not valid: errors lists each field."));
        }

        // The gateway limits every client (per client, per address) and anonymous submissions, and
        // answers 503 for a backend that is down or has more requests than it takes.
        AddProblem(operation, document, StatusCodes.Status429TooManyRequests, ("请求过多：Retry-After 秒后再试。", "Too many requests: try again after Retry-After seconds."));
        AddProblem(operation, document, StatusCodes.Status503ServiceUnavailable, ("服务暂不可用或繁忙：Retry-After 秒后再试。", "The service is down or busy: try again after Retry-After seconds."));
        foreach (var status in new[] { "429", "503" })
        {
            if (operation.Responses[status] is OpenApiResponse retry)
            {
                retry.Headers ??= new Dictionary<string, IOpenApiHeader>();
                retry.Headers["Retry-After"] = new OpenApiHeader
                {
                    Description = "再试前等待的秒数 / Seconds to wait before trying again",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                };
            }
        }
    }

    /// <summary>An RFC 9457 problem answer, unless the operation already names the status.</summary>
    private static void AddProblem(OpenApiOperation operation, OpenApiDocument? document, int status, Bilingual description)
    {
        operation.Responses ??= [];
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses.TryGetValue(key, out var existing))
        {
            if (existing is OpenApiResponse { Description: null or "" or "Bad Request" or "Not Found" or "Conflict" or "Unauthorized" or "Forbidden" } plain)
            {
                plain.Description = description.ToString();
            }

            return;
        }

        operation.Responses[key] = new OpenApiResponse
        {
            Description = description.ToString(),
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemJson] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
            },
        };
    }

    /// <summary>Numbers read from strings too (the web defaults), but are sent as numbers: the document says number.</summary>
    private static void PlainNumbers(OpenApiSchema schema)
    {
        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.String)
            && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
    }

    private static void Enumerate(OpenApiSchema schema, IReadOnlyList<string> values)
    {
        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.Array) && schema.Items is OpenApiSchema items)
        {
            Enumerate(items, values);
            return;
        }

        if (schema.Type?.HasFlag(JsonSchemaType.String) != true)
        {
            return;
        }

        var nullable = schema.Type.Value.HasFlag(JsonSchemaType.Null);
        schema.Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v)), .. nullable ? new JsonNode[] { null! } : []];
    }

    /// <summary>Applies <paramref name="fix"/> to the schema and every inline schema in it (not to references).</summary>
    private static void Visit(IOpenApiSchema? candidate, Action<OpenApiSchema> fix)
    {
        if (candidate is not OpenApiSchema schema)
        {
            return;
        }

        fix(schema);
        foreach (var property in schema.Properties?.Values ?? [])
        {
            Visit(property, fix);
        }

        Visit(schema.Items, fix);
        Visit(schema.AdditionalProperties, fix);
        foreach (var choice in (schema.OneOf ?? []).Concat(schema.AnyOf ?? []).Concat(schema.AllOf ?? []))
        {
            Visit(choice, fix);
        }
    }

    /// <summary>The component schemas reachable from request bodies and parameters, and from responses.</summary>
    private static (HashSet<string> Requests, HashSet<string> Responses) Reachable(OpenApiDocument document, IDictionary<string, IOpenApiSchema> schemas)
    {
        var requests = new HashSet<string>(StringComparer.Ordinal);
        var responses = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            foreach (var media in operation.RequestBody?.Content?.Values ?? [])
            {
                Collect(media.Schema, schemas, requests);
            }

            foreach (var parameter in operation.Parameters ?? [])
            {
                Collect(parameter.Schema, schemas, requests);
            }

            foreach (var media in (operation.Responses?.Values.AsEnumerable() ?? []).SelectMany(r => r.Content?.Values ?? []))
            {
                Collect(media.Schema, schemas, responses);
            }
        }

        return (requests, responses);
    }

    private static void Collect(IOpenApiSchema? schema, IDictionary<string, IOpenApiSchema> schemas, HashSet<string> seen)
    {
        switch (schema)
        {
            case null:
                return;
            case OpenApiSchemaReference reference:
                if (reference.Reference.Id is { } id && seen.Add(id) && schemas.TryGetValue(id, out var target))
                {
                    Collect(target, schemas, seen);
                }

                return;
        }

        foreach (var property in schema.Properties?.Values ?? [])
        {
            Collect(property, schemas, seen);
        }

        Collect(schema.Items, schemas, seen);
        Collect(schema.AdditionalProperties, schemas, seen);
        foreach (var choice in (schema.OneOf ?? []).Concat(schema.AnyOf ?? []).Concat(schema.AllOf ?? []))
        {
            Collect(choice, schemas, seen);
        }
    }
}
