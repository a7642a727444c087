using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace StarPlatform.Http;

/// <summary>
/// Control characters (NUL, BEL, ESC, DEL, C1…) have no place in a name, an address or a query: PostgreSQL refuses
/// NUL outright (which surfaced as a 500) and the others corrupt what is shown and exported. Every service refuses
/// them before a handler runs, in the query, a JSON body and a URL-encoded form, with a 400 that names the field.
/// Tab, line feed and carriage return stay allowed: descriptions have lines.
/// </summary>
public static class TextChecks
{
    public const string Message = "Control characters are not allowed.";

    /// <summary>Whether <paramref name="text"/> holds a control character other than tab, line feed or carriage return.</summary>
    public static bool HasControl(string? text)
    {
        foreach (var c in text ?? "")
        {
            if ((c < ' ' && c is not ('\t' or '\n' or '\r')) || c is >= '\u007f' and <= '\u009f')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Refuses requests whose query, JSON body or form carries a control character (see <see cref="TextChecks"/>).</summary>
    public static IApplicationBuilder UseTextChecks(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var errors = new FieldErrors();
        foreach (var (key, values) in http.Request.Query)
        {
            if (HasControl(key) || values.Any(HasControl))
            {
                errors.Add(HasControl(key) ? Clean(key) : key, Message);
            }
        }

        if (errors.Count == 0 && http.Request.ContentLength is not 0 && Kind(http.Request.ContentType) is { } kind)
        {
            http.Request.EnableBuffering();
            try
            {
                if (kind == BodyKind.Json)
                {
                    await CheckJsonAsync(http.Request.Body, errors, http.RequestAborted);
                }
                else
                {
                    await CheckFormAsync(http.Request.Body, errors, http.RequestAborted);
                }
            }
            finally
            {
                http.Request.Body.Position = 0;
            }
        }

        if (errors.Count == 0)
        {
            await next(http);
            return;
        }

        await RefuseAsync(http, errors);
    });

    private enum BodyKind { Json, Form }

    private static BodyKind? Kind(string? contentType)
    {
        if (contentType is null)
        {
            return null;
        }

        var media = contentType.Split(';')[0].Trim();
        if (media.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return BodyKind.Form;
        }

        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase) ? BodyKind.Json : null;
    }

    private static async Task CheckJsonAsync(Stream body, FieldErrors errors, CancellationToken ct)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, cancellationToken: ct);
        }
        catch (JsonException)
        {
            // Not JSON: the endpoint's binding refuses it with its own 400.
            return;
        }

        using (document)
        {
            Walk(document.RootElement, "", errors);
        }
    }

    private static void Walk(JsonElement element, string path, FieldErrors errors)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var name = HasControl(property.Name) ? Clean(property.Name) : property.Name;
                    var field = path.Length == 0 ? name : $"{path}.{name}";
                    if (HasControl(property.Name))
                    {
                        errors.Add(field, Message);
                        continue;
                    }

                    Walk(property.Value, field, errors);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, $"{path}[{index++}]", errors);
                }

                break;
            case JsonValueKind.String:
                string? text;
                try
                {
                    text = element.GetString();
                }
                catch (InvalidOperationException)
                {
                    // A lone surrogate escape (\ud800) is not text either.
                    errors.Add(path.Length == 0 ? "$" : path, "The text is not valid Unicode.");
                    break;
                }

                if (HasControl(text))
                {
                    errors.Add(path.Length == 0 ? "$" : path, Message);
                }

                break;
        }
    }

    private static async Task CheckFormAsync(Stream body, FieldErrors errors, CancellationToken ct)
    {
        using var reader = new FormReader(body, Encoding.UTF8) { ValueCountLimit = int.MaxValue, ValueLengthLimit = int.MaxValue };
        Dictionary<string, Microsoft.Extensions.Primitives.StringValues> fields;
        try
        {
            fields = await reader.ReadFormAsync(ct);
        }
        catch (InvalidDataException)
        {
            return;
        }

        foreach (var (key, values) in fields)
        {
            if (HasControl(key) || values.Any(HasControl))
            {
                errors.Add(HasControl(key) ? Clean(key) : key, Message);
            }
        }
    }

    /// <summary>A field name fit to echo: its control characters as <c>\uXXXX</c>.</summary>
    private static string Clean(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c);
        }

        return builder.ToString();
    }

    /// <summary>
    /// A 400 problem with the fields; on the OAuth endpoints (<c>/connect/…</c>) also OAuth's own
    /// <c>error</c> (<c>invalid_request</c>) and <c>error_description</c>, which OAuth clients read.
    /// </summary>
    private static async Task RefuseAsync(HttpContext http, FieldErrors errors)
    {
        var problem = new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = Problems.InvalidTitle,
            Detail = $"{string.Join(", ", errors.Keys)}: {Message}",
        };
        if (http.Request.Path.StartsWithSegments("/connect"))
        {
            problem.Extensions["error"] = "invalid_request";
            problem.Extensions["error_description"] = problem.Detail;
        }

        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        var written = await http.RequestServices.GetRequiredService<IProblemDetailsService>()
            .TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
        if (!written)
        {
            await http.Response.WriteAsJsonAsync(problem, (JsonSerializerOptions?)null, "application/problem+json");
        }
    }
}
