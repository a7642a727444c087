using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using StarPlatform.Http;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Complaints.Data;
using StarPlatform.Complaints.Model;

namespace StarPlatform.Complaints.Apis;

/// <summary>A GeoReport v2 service: one complaint category.</summary>
public sealed record Open311Service(
    [property: JsonPropertyName("service_code")] string ServiceCode,
    [property: JsonPropertyName("service_name")] string ServiceName,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("metadata")] bool Metadata,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("keywords")] string Keywords,
    [property: JsonPropertyName("group")] string Group);

/// <summary>
/// The answer to a GeoReport v2 POST: the new request's id (our case number) and, as this
/// jurisdiction's extension, the lookup code (查询码) without which the request cannot be read back.
/// </summary>
public sealed record Open311Created(
    [property: JsonPropertyName("service_request_id")] string ServiceRequestId,
    [property: JsonPropertyName("service_notice")] string ServiceNotice,
    [property: JsonPropertyName("account_id")] string? AccountId,
    [property: JsonPropertyName("lookup_code")] string? LookupCode);

/// <summary>
/// A GeoReport v2 service request as its caller reads it (with the lookup code): no description and
/// no caller; where the case stands, the finding once there is one, and when it is due.
/// </summary>
public sealed record Open311Request(
    [property: JsonPropertyName("service_request_id")] string ServiceRequestId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("status_notes")] string StatusNotes,
    [property: JsonPropertyName("service_name")] string ServiceName,
    [property: JsonPropertyName("service_code")] string ServiceCode,
    [property: JsonPropertyName("agency_responsible")] string? AgencyResponsible,
    [property: JsonPropertyName("service_notice")] string? ServiceNotice,
    [property: JsonPropertyName("requested_datetime")] DateTimeOffset RequestedDatetime,
    [property: JsonPropertyName("updated_datetime")] DateTimeOffset UpdatedDatetime,
    [property: JsonPropertyName("expected_datetime")] DateTimeOffset ExpectedDatetime,
    [property: JsonPropertyName("address_id")] string AddressId);

/// <summary>A GeoReport v2 error: the HTTP status as <c>code</c> and what went wrong.</summary>
public sealed record Open311Error(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("description")] string Description);

/// <summary>
/// Open311 GeoReport v2 (JSON format) over the same intake as <c>POST /api/complaints</c>: the
/// complaint categories are the services, a request is a case filed on the <c>online</c> channel
/// (same validation, Idempotency-Key, case numbers), and its <c>service_request_id</c> is the case
/// number. Errors are the spec's array of <c>{code, description}</c>.
/// </summary>
public static class Open311Api
{
    public const string Prefix = "/api/complaints/open311/v2";

    /// <summary>The categories as services (service_code = the API's category).</summary>
    public static readonly IReadOnlyList<Open311Service> Services =
    [
        new("attitude", "服务态度 Service attitude", "Rude, careless or unhelpful staff at a center, window or outlet.", false, "realtime", "态度,attitude,staff", "complaints"),
        new("delay", "办理超时 Delay", "A matter handled late, past its promised time, or bounced between windows.", false, "realtime", "超时,delay,overdue", "complaints"),
        new("fees", "违规收费 Fees", "Fees charged without a basis, or more than the published amount.", false, "realtime", "收费,fees,charges", "complaints"),
        new("discipline", "廉洁纪律 Discipline and integrity", "Gifts, favours or other breaches of discipline by staff.", false, "realtime", "纪律,廉洁,discipline,integrity", "complaints"),
        new("facilities", "环境设施 Environment and facilities", "The hall, signs, seating, accessibility or equipment.", false, "realtime", "设施,环境,facilities", "complaints"),
        new("other", "其他 Other", "Anything else about a center, window or outlet.", false, "realtime", "其他,other", "complaints"),
    ];

    /// <summary>At most this many ids in one <c>service_request_id</c> query.</summary>
    public const int MaxIdsPerQuery = 50;

    public static IEndpointRouteBuilder MapOpen311Api(this IEndpointRouteBuilder app)
    {
        var open311 = app.MapGroup(Prefix).WithTags("Open311");
        open311.MapGet("/services.json", ListServices).WithName("Open311Services");
        // Public like the online channel (the gateway rate-limits it); form-encoded per the spec.
        // Open311 answers errors as its own list of {code, description}, not as problem details.
        open311.MapPost("/requests.json", PostRequest).WithName("Open311PostRequest").DisableAntiforgery()
            .Produces<Open311Error[]>(StatusCodes.Status400BadRequest).Produces<Open311Error[]>(StatusCodes.Status404NotFound)
            .Produces<Open311Error[]>(StatusCodes.Status409Conflict).Produces<Open311Error[]>(StatusCodes.Status415UnsupportedMediaType)
            .Produces<Open311Error[]>(StatusCodes.Status422UnprocessableEntity)
            .WithMetadata(IdempotencyKeyMetadata.Instance);
        open311.MapGet("/requests.json", GetRequests).WithName("Open311GetRequests")
            .Produces<Open311Error[]>(StatusCodes.Status400BadRequest);
        open311.MapGet("/requests/{serviceRequestId}.json", GetRequest).WithName("Open311GetRequest")
            .Produces<Open311Error[]>(StatusCodes.Status404NotFound);
        return app;
    }

    public static Ok<IReadOnlyList<Open311Service>> ListServices() => TypedResults.Ok(Services);

    /// <summary>
    /// Files a case from a GeoReport v2 request: <c>service_code</c> (the category), <c>description</c>,
    /// the target unit as <c>address_id</c> or <c>attribute[target_unit_id]</c>, the caller from
    /// <c>first_name</c>/<c>last_name</c>, <c>phone</c> and <c>email</c> (none of them: anonymous), and
    /// <c>requested_datetime</c> (when it happened; now when left out). <c>media_url</c> becomes an
    /// attachment reference.
    /// </summary>
    public static async Task<Results<Created<Open311Created[]>, JsonHttpResult<Open311Error[]>>> PostRequest(
        HttpRequest http, Intake intake, CallerProtection callers, TimeProvider clock, CancellationToken ct)
    {
        if (!http.HasFormContentType)
        {
            return Error(http, StatusCodes.Status415UnsupportedMediaType, "A service request is form-encoded (application/x-www-form-urlencoded).");
        }

        IFormCollection form;
        try
        {
            form = await http.ReadFormAsync(ct);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException && !ct.IsCancellationRequested)
        {
            // A multipart body that ends early, or a form past the reader's limits: the caller's error.
            return Error(http, StatusCodes.Status400BadRequest, "The form could not be read: it is malformed or has too many fields.");
        }

        string? Field(string name) => form.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;

        var errors = new List<Open311Error>();
        var serviceCode = Field("service_code");
        if (serviceCode is null)
        {
            errors.Add(new(StatusCodes.Status400BadRequest, "service_code: required (GET services.json lists them)."));
        }
        else if (Services.All(s => s.ServiceCode != serviceCode))
        {
            errors.Add(new(StatusCodes.Status404NotFound, $"service_code: '{serviceCode}' is not a service (GET services.json lists them)."));
        }

        var unitText = Field("address_id") ?? Field("attribute[target_unit_id]");
        Guid? unit = null;
        if (unitText is null)
        {
            errors.Add(new(StatusCodes.Status400BadRequest, "address_id: the id of the center, window or outlet complained about is required (or attribute[target_unit_id])."));
        }
        else if (Guid.TryParse(unitText, out var parsed))
        {
            unit = parsed;
        }
        else
        {
            errors.Add(new(StatusCodes.Status400BadRequest, "address_id: a unit id (a GUID)."));
        }

        DateTimeOffset? occurredAt = clock.GetUtcNow();
        if (Field("requested_datetime") is { } requested)
        {
            occurredAt = DateTimeOffset.TryParse(requested, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : null;
            if (occurredAt is null)
            {
                errors.Add(new(StatusCodes.Status400BadRequest, "requested_datetime: an ISO 8601 time with its offset."));
            }
        }

        if (errors.Count > 0)
        {
            return Errors(http, errors);
        }

        var name = string.Join(' ', new[] { Field("first_name"), Field("last_name") }.Where(n => n is not null));
        var caller = new CallerRequest(name.Length == 0 ? null : name, Field("phone"), Field("email"));
        var anonymous = caller is { Name: null, Phone: null, Email: null };
        var request = new FileComplaintRequest(ComplaintRules.OnlineChannel, unit, serviceCode, Field("description"), occurredAt,
            anonymous ? null : caller, anonymous, Field("media_url") is { } media ? [media] : null);
        string? key = http.Headers.TryGetValue(ComplaintsApi.IdempotencyHeader, out var keyValues) ? keyValues.ToString() : null;
        var sent = form.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}").ToArray();
        switch (await intake.TakeInAsync(request, key, http.HttpContext.User, ct, sent))
        {
            case Intake.Filed filed:
                if (filed.Replayed)
                {
                    http.HttpContext.Response.Headers["Idempotent-Replayed"] = "true";
                }

                var code = callers.UnprotectCode(filed.Complaint.ProtectedLookupCode) is { } plain ? LookupCodes.Display(plain) : null;
                return TypedResults.Created($"{Prefix}/requests/{filed.Complaint.CaseNumber}.json",
                    new[] { new Open311Created(filed.Complaint.CaseNumber,
                        CaseProgress.Notice(filed.Complaint, code, ProblemLanguage.PrefersEnglish(http)), null, code) });
            case Intake.Invalid invalid:
                return Errors(http, invalid.Errors.SelectMany(e => e.Value.Select(m =>
                    new Open311Error(StatusCodes.Status400BadRequest, $"{Open311Name(e.Key)}: {m}"))));
            case Intake.Refused refused:
                var problem = refused.Problem.ProblemDetails;
                return Error(http, problem.Status ?? StatusCodes.Status400BadRequest,
                    $"{Translate(http, problem.Title ?? "")} {Translate(http, problem.Detail ?? "")}".Trim());
            default:
                throw new InvalidOperationException("An intake ends filed, invalid or refused.");
        }
    }

    /// <summary>
    /// The requests named by <c>service_request_id</c> (case numbers, comma-separated), each with its
    /// lookup code at the same place in <c>lookup_code</c> (this jurisdiction's extension: case
    /// numbers are sequential, so a number alone reveals nothing). Ids that are unknown, or whose code
    /// does not match, are left out. A query without ids is refused: the case list is for staff.
    /// </summary>
    public static async Task<Results<Ok<Open311Request[]>, JsonHttpResult<Open311Error[]>>> GetRequests(
        HttpRequest http, ComplaintsDbContext db, CallerProtection callers, CancellationToken ct,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "service_request_id")] string? serviceRequestId = null,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "lookup_code")] string? lookupCode = null)
    {
        var ids = (serviceRequestId ?? "").Split(',', StringSplitOptions.TrimEntries);
        var codes = (lookupCode ?? "").Split(',', StringSplitOptions.TrimEntries);
        if (ids.All(i => i.Length == 0))
        {
            return Error(http, StatusCodes.Status400BadRequest, "service_request_id: one or more case numbers, comma-separated.");
        }

        if (ids.Length > MaxIdsPerQuery)
        {
            return Error(http, StatusCodes.Status400BadRequest, $"service_request_id: at most {MaxIdsPerQuery} case numbers.");
        }

        var asked = ids.Select((id, i) => (Id: id, Code: i < codes.Length ? codes[i] : null)).Where(a => a.Id.Length > 0).ToArray();
        return TypedResults.Ok(await FindAsync(db, callers, asked, ProblemLanguage.PrefersEnglish(http), ct));
    }

    /// <summary>One request by its case number and <c>lookup_code</c>, as an array of one (the spec's shape); 404 when unknown or the code does not match.</summary>
    public static async Task<Results<Ok<Open311Request[]>, JsonHttpResult<Open311Error[]>>> GetRequest(
        string serviceRequestId, HttpRequest http, ComplaintsDbContext db, CallerProtection callers, CancellationToken ct,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "lookup_code")] string? lookupCode = null)
    {
        var found = await FindAsync(db, callers, [(serviceRequestId, lookupCode)], ProblemLanguage.PrefersEnglish(http), ct);
        return found.Length == 0
            ? Error(http, StatusCodes.Status404NotFound, $"service_request_id: no request '{serviceRequestId}' with this lookup_code.")
            : TypedResults.Ok(found);
    }

    /// <summary>
    /// 12388 discipline reports are never shown here: whether a report exists and how it stands is
    /// for the discipline role only (its reporter follows it on the tracker).
    /// </summary>
    private static async Task<Open311Request[]> FindAsync(
        ComplaintsDbContext db, CallerProtection callers, (string Id, string? Code)[] asked, bool english, CancellationToken ct)
    {
        var numbers = asked.Select(a => a.Id).Distinct().ToArray();
        var cases = await db.Complaints.AsNoTracking()
            .Where(c => numbers.Contains(c.CaseNumber) && c.Channel != ComplaintRules.DisciplineChannel)
            .OrderBy(c => c.CaseNumber)
            .ToListAsync(ct);
        return cases.Where(c => asked.Any(a => a.Id == c.CaseNumber && callers.CodeMatches(c.ProtectedLookupCode, a.Code)))
            .Select(c => ToRequest(c, english)).ToArray();
    }

    private static Open311Request ToRequest(Complaint c, bool english)
    {
        var service = Services.FirstOrDefault(s => s.ServiceCode == c.Category);
        var updated = new[] { c.ReceivedAt, c.AssignedAt, c.InvestigationStartedAt, c.ConcludedAt, c.ClosedAt, c.AppealedAt }
            .Where(t => t is not null).Max()!.Value;
        return new Open311Request(c.CaseNumber, c.Status == ComplaintLifecycle.Closed ? "closed" : "open", StatusNotes(c, english),
            service?.ServiceName ?? c.Category, c.Category, null, null, c.ReceivedAt, updated, c.DueAt, c.TargetUnitId.ToString());
    }

    /// <summary>Where the case stands, in the caller's language (Chinese first), and the finding once there is one.</summary>
    private static string StatusNotes(Complaint c, bool english) =>
        CaseProgress.StatusText(c, english)
        + (c.FindingSummary is { } finding ? (english ? $" Finding: {finding}" : $"调查结论：{finding}") : "");

    /// <summary>The intake's field names in the spec's words.</summary>
    private static string Open311Name(string field) => field switch
    {
        "category" => "service_code",
        "targetUnitId" => "address_id",
        "occurredAt" => "requested_datetime",
        "caller" => "first_name/last_name/phone/email",
        "caller.name" => "first_name/last_name",
        "caller.phone" => "phone",
        "caller.email" => "email",
        "attachments" => "media_url",
        _ => field,
    };

    private static JsonHttpResult<Open311Error[]> Error(HttpRequest http, int status, string description) =>
        Errors(http, [new Open311Error(status, description)]);

    /// <summary>
    /// The response's status is the first error's code. Descriptions speak the caller's language like every problem:
    /// zh-CN unless <c>Accept-Language</c> prefers en (the problem texts' catalog); a field keeps the spec's name.
    /// </summary>
    private static JsonHttpResult<Open311Error[]> Errors(HttpRequest http, IEnumerable<Open311Error> errors)
    {
        var all = errors.Select(e => e with { Description = Describe(http, e.Description) }).ToArray();
        http.HttpContext.Response.Headers.ContentLanguage = ProblemLanguage.Of(http).Name;
        http.HttpContext.Response.Headers.Append("Vary", "Accept-Language");
        return TypedResults.Json(all, statusCode: all[0].Code);
    }

    /// <summary>"field: message" with the message translated, or the whole message.</summary>
    private static string Describe(HttpRequest http, string description)
    {
        var colon = description.IndexOf(": ", StringComparison.Ordinal);
        if (colon <= 0 || description[..colon].Contains(' ', StringComparison.Ordinal))
        {
            return Translate(http, description);
        }

        var separator = ProblemLanguage.PrefersEnglish(http) ? ": " : "：";
        return $"{description[..colon]}{separator}{Translate(http, description[(colon + 2)..])}";
    }

    private static string Translate(HttpRequest http, string message) =>
        http.HttpContext.RequestServices.GetRequiredService<ProblemTexts>().Translate(message, ProblemLanguage.Of(http));
}
