using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StarPlatform.Contracts;
using StarPlatform.Http;
using StarPlatform.Messaging;
using StarPlatform.Ratings.Data;
using StarPlatform.Ratings.Model;

namespace StarPlatform.Ratings.Apis;

/// <summary>
/// 一事一评 off the window: a rating given online, on the mobile app, by SMS or on the hotline's callback,
/// one at a time and anonymously (through the gateway's public-submission limits). And the published
/// figures: a unit's months, and a month's units, anonymous and cacheable (ETag, 304).
/// </summary>
public static partial class RatingsApi
{
    public const int MaxMonths = 60;
    public const int MaxNameLength = 50;

    public static IEndpointRouteBuilder MapRatingsApi(this IEndpointRouteBuilder app)
    {
        var ratings = app.MapGroup("/api/ratings").WithTags("Ratings");
        ratings.MapPost("/", SubmitRating).WithName(nameof(SubmitRating))
            .WithDescription("Names the transaction by its unit and id (as on the receipt). One rating per transaction and channel; "
                + "`device` ratings come in device batches. A real-name rating's contact is kept encrypted and never published.")
            .WithProblems(409, 422);
        ratings.MapGet("/units/{unitId:guid}", GetUnitRates).WithName(nameof(GetUnitRates))
            .WithDescription("Every month from `from` to `to` (yyyy-MM, China time; by default the last 12 months), and the whole period.")
            .Produces(StatusCodes.Status304NotModified)
            .WithProblems(404);
        ratings.MapGet("/months/{month}", GetMonthRates).WithName(nameof(GetMonthRates))
            .WithDescription("The units with transactions or ratings in the month (yyyy-MM), by name; `divisionCode` is a prefix.")
            .Produces(StatusCodes.Status304NotModified);
        return app;
    }

    public static async Task<Results<Created<RatingResponse>, ValidationProblem, ProblemHttpResult>> SubmitRating(
        RatingRequest request, RatingsDbContext db, RatingWriter writer, ContactProtection contacts, IOptions<RatingOptions> options,
        RatingsMetrics metrics, TimeProvider clock, CancellationToken ct)
    {
        var settings = options.Value;
        var errors = new FieldErrors();
        errors.AddIf(request.UnitId is null || request.UnitId == Guid.Empty, "unitId", "Name the unit that served the transaction.");
        var transactionId = request.TransactionId?.Trim();
        errors.AddIf(transactionId is not { Length: > 0 and <= ServedTransaction.MaxTransactionIdLength }, "transactionId",
            $"The transaction id has 1 to {ServedTransaction.MaxTransactionIdLength} characters.");
        if (request.Channel is null)
        {
            errors.Add("channel", "Name the channel the rating was given on.");
        }
        else if (request.Channel == RatingChannel.Device)
        {
            errors.Add("channel", "Ratings given on a window's device come in the device's batches.");
        }

        errors.AddIf(request.Level is null, "level", $"The level is one of {string.Join(", ", Words.All<RatingLevel>())}.");
        var comment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim();
        errors.AddIf(comment is { Length: > Rating.MaxCommentLength }, "comment", $"The comment has at most {Rating.MaxCommentLength} characters.");
        RaterContact? contact = null;
        if (request.Contact is { } given)
        {
            var phone = given.Phone?.Trim();
            var name = string.IsNullOrWhiteSpace(given.Name) ? null : given.Name.Trim();
            if (phone is null || !Phone().IsMatch(phone))
            {
                errors.Add("contact.phone", "The phone has 5 to 20 digits, '+', '-' or spaces.");
            }

            errors.AddIf(name is { Length: > MaxNameLength }, "contact.name", $"The name has at most {MaxNameLength} characters.");
            contact = new RaterContact(name, phone ?? "");
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var unitId = request.UnitId!.Value;
        // The transaction and whether its unit is closed, in one round trip.
        var served = await db.Transactions.AsNoTracking().Where(t => t.UnitId == unitId && t.TransactionId == transactionId)
            .Select(t => new { t.ServedAt, t.Month, Closed = db.Units.Any(u => u.Id == t.UnitId && u.Status == UnitStatus.Closed) })
            .SingleOrDefaultAsync(ct);
        if (served is null)
        {
            return Problems.RuleViolation("Unknown transaction.",
                "The unit's window has not reported this transaction; check the unit and the number on the receipt.");
        }

        if (served.Closed)
        {
            return Problems.RuleViolation("The unit is closed.", "A closed unit's transactions are no longer rated.");
        }

        var now = clock.GetUtcNow();
        var ratableFrom = now.AddDays(-settings.RatingWindowDays);
        if (served.ServedAt < ratableFrom)
        {
            return Problems.RuleViolation("The rating comes too late.",
                $"A transaction can be rated for {settings.RatingWindowDays} days after it was served.");
        }

        var rating = new GivenRating(unitId, transactionId!, request.Channel!.Value, request.Level!.Value, comment,
            contact is null ? null : contacts.Protect(contact));
        var result = await writer.RetryingAsync(async token =>
        {
            await using var transaction = await writer.BeginAsync(token);
            var written = await writer.WriteAsync(Guid.Empty, [], [rating], ratableFrom, token);
            await transaction.CommitAsync(token);
            return written;
        }, ct);

        if (!result.RatingIds.TryGetValue((unitId, transactionId!, rating.Channel), out var id))
        {
            return Problems.Conflict("Already rated.", "The transaction has a rating on this channel already; a rating is given once.");
        }

        metrics.Rated(rating.Channel, rating.Level);
        return TypedResults.Created((string?)null, new RatingResponse(id, unitId, transactionId!, rating.Channel, rating.Level, comment,
            contact is not null, now, Month(served.Month)));
    }

    public static async Task<Results<Ok<UnitRates>, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult>> GetUnitRates(
        Guid unitId, RatingsDbContext db, HttpContext http, TimeProvider clock, CancellationToken ct, string? from = null, string? to = null)
    {
        var errors = new FieldErrors();
        var last = ParseMonth(errors, "to", to) ?? ThisMonth(clock);
        var first = ParseMonth(errors, "from", from) ?? last.AddMonths(-11);
        if (errors.Count == 0 && first > last)
        {
            errors.Add("from", "The first month is not after the last.");
        }
        else if (errors.Count == 0 && (last.Year - first.Year) * 12 + last.Month - first.Month >= MaxMonths)
        {
            errors.Add("from", $"A period has at most {MaxMonths} months.");
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var unit = await db.Units.AsNoTracking().Where(u => u.Id == unitId).Select(u => new { u.Name, u.Kind }).SingleOrDefaultAsync(ct);
        var rows = await db.MonthlyRates.AsNoTracking().Where(r => r.UnitId == unitId && r.Month >= first && r.Month <= last).ToListAsync(ct);
        if (unit is null && rows.Count == 0)
        {
            return Problems.NotFound("unit");
        }

        var months = new List<MonthFigures>();
        for (var month = first; month <= last; month = month.AddMonths(1))
        {
            months.Add(new MonthFigures(Month(month), Figures(rows.Where(r => r.Month == month).ToList())));
        }

        var body = new UnitRates(unitId, unit?.Name, unit?.Kind, Month(first), Month(last), Figures(rows), months,
            await RectificationFiguresAsync(db, unitId, ChinaTime.StartOf(first), ChinaTime.StartOf(last.AddMonths(1)), ct));
        return Caching.NotModified(http, body) is { } notModified ? notModified : TypedResults.Ok(body);
    }

    public static async Task<Results<Ok<Page<UnitMonth>>, StatusCodeHttpResult, ValidationProblem>> GetMonthRates(
        string month, RatingsDbContext db, HttpContext http, CancellationToken ct, string? divisionCode = null, int? page = null, int? pageSize = null)
    {
        var errors = new FieldErrors();
        var (pageNumber, size) = Paging.Check(errors, page, pageSize);
        var wanted = ParseMonth(errors, "month", month);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var query = from r in db.MonthlyRates.AsNoTracking()
                    where r.Month == wanted!.Value
                    join u in db.Units.AsNoTracking() on r.UnitId equals u.Id into units
                    from u in units.DefaultIfEmpty()
                    select new { Rate = r, Unit = u };
        if (!string.IsNullOrWhiteSpace(divisionCode))
        {
            query = query.Where(j => j.Unit != null && j.Unit.DivisionCode != null && j.Unit.DivisionCode.StartsWith(divisionCode));
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(j => j.Unit == null ? null : j.Unit.Name).ThenBy(j => j.Rate.UnitId).PageOf(pageNumber, size).ToListAsync(ct);
        var body = new Page<UnitMonth>(rows.Select(j => new UnitMonth(j.Rate.UnitId, j.Unit?.Name, j.Unit?.Kind, j.Unit?.DivisionCode,
            Figures([j.Rate]))).ToList(), total);
        return Caching.NotModified(http, body) is { } notModified ? notModified : TypedResults.Ok(body);
    }

    /// <summary>The rectification figures of the cases opened for <paramref name="unitId"/> from <paramref name="from"/> until <paramref name="until"/>.</summary>
    internal static async Task<RectificationFigures> RectificationFiguresAsync(RatingsDbContext db, Guid unitId, DateTimeOffset from, DateTimeOffset until,
        CancellationToken ct)
    {
        var counts = await db.RectificationCases.AsNoTracking()
            .Where(c => c.UnitId == unitId && c.OpenedAt >= from && c.OpenedAt < until)
            .GroupBy(c => 1)
            .Select(g => new
            {
                Opened = g.LongCount(),
                CallbacksDue = g.LongCount(c => c.RealName),
                CalledBack = g.LongCount(c => c.CalledBackAt != null),
                CalledBackOnTime = g.LongCount(c => c.CalledBackAt != null && c.CalledBackAt <= c.CallbackDueAt),
                Rectified = g.LongCount(c => c.Rectified == true),
                Explained = g.LongCount(c => c.Rectified == false),
                HandledOnTime = g.LongCount(c => c.RectifiedAt != null && c.RectifiedAt <= c.RectifyDueAt),
                Closed = g.LongCount(c => c.ClosedAt != null),
                Overdue = g.LongCount(c => c.CallbackOverdueAt != null || c.RectifyOverdueAt != null),
            }).SingleOrDefaultAsync(ct);
        return counts is null
            ? new RectificationFigures(0, 0, 0, 0, 0, 0, 0, 0, 0, null, null)
            : new RectificationFigures(counts.Opened, counts.CallbacksDue, counts.CalledBack, counts.CalledBackOnTime, counts.Rectified,
                counts.Explained, counts.HandledOnTime, counts.Closed, counts.Overdue, SatisfactionMath.Percent(counts.CalledBack, counts.CallbacksDue),
                SatisfactionMath.Percent(counts.Rectified + counts.Explained, counts.Opened));
    }

    internal static RateFigures Figures(IReadOnlyCollection<MonthlyRate> rows)
    {
        var c = UnitMonthCounts.Total(rows);
        var levels = new LevelCounts(c.VerySatisfied, c.Satisfied, c.FairlySatisfied, c.Dissatisfied, c.VeryDissatisfied);
        return new RateFigures(c.Served, c.Rated, c.Ratings, levels, SatisfactionMath.EvaluationRate(c), Rates.SatisfactionRate(c));
    }

    private static DateOnly ThisMonth(TimeProvider clock) => Rates.MonthOf(clock.GetUtcNow());

    private static string Month(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static DateOnly? ParseMonth(FieldErrors errors, string field, string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            && month.Year is >= 2000 and <= 2999)
        {
            return month;
        }

        errors.Add(field, "The month is written yyyy-MM (2026-12).");
        return null;
    }

    [GeneratedRegex(@"^[0-9+\- ]{5,20}$")]
    private static partial Regex Phone();
}
