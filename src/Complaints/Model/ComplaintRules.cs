using System.Globalization;
using StarPlatform.Contracts;
using StarPlatform.Http;

namespace StarPlatform.Complaints.Model;

/// <summary>What an intake must carry (API.md, Complaints), checked without a database.</summary>
public static class ComplaintRules
{
    /// <summary>12388: discipline-inspection reports (纪检监察举报); the reporter's identity is for the discipline role only.</summary>
    public const string DisciplineChannel = "12388";

    public const string OnlineChannel = "online";

    public static readonly IReadOnlyList<string> Channels = ["96960", DisciplineChannel, "96196", OnlineChannel];

    /// <summary>service attitude, delay/overdue, fees, discipline/integrity, environment/facilities, other.</summary>
    public static readonly IReadOnlyList<string> Categories = ComplaintCategories.All;

    public const int MaxDescriptionLength = 4000;
    public const int MaxSummaryLength = 4000;
    public const int MaxNameLength = 100;
    public const int MaxPhoneLength = 30;
    public const int MaxEmailLength = 254;
    public const int MaxAttachments = 10;
    public const int MaxAttachmentLength = 500;

    /// <summary>Clocks of callers and operators drift; an occurrence a little in the future is taken as now.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    public static FieldErrors Validate(
        string? channel, Guid? targetUnitId, string? category, string? description, DateTimeOffset? occurredAt,
        string? callerName, string? callerPhone, string? callerEmail, bool callerGiven, bool? anonymous, IReadOnlyList<string?>? attachments,
        DateTimeOffset now)
    {
        var errors = new FieldErrors();
        if (channel is null || !Channels.Contains(channel))
        {
            errors.Add("channel", $"The channel is one of {string.Join(", ", Channels)}.");
        }

        if (targetUnitId is null || targetUnitId == Guid.Empty)
        {
            errors.Add("targetUnitId", "The target unit (a center, window or outlet) is required.");
        }

        if (category is null || !Categories.Contains(category))
        {
            errors.Add("category", $"The category is one of {string.Join(", ", Categories)}.");
        }

        if (string.IsNullOrWhiteSpace(description))
        {
            errors.Add("description", "The description is required.");
        }
        else if (description.Length > MaxDescriptionLength)
        {
            errors.Add("description", $"The description has at most {MaxDescriptionLength} characters.");
        }

        if (occurredAt is null)
        {
            errors.Add("occurredAt", "When it happened is required.");
        }
        else if (occurredAt > now + FutureTolerance)
        {
            errors.Add("occurredAt", "It cannot have happened in the future.");
        }

        if (anonymous is null)
        {
            errors.Add("anonymous", "Say whether the caller stays anonymous (true or false).");
        }
        else if (anonymous.Value && callerGiven)
        {
            errors.Add("caller", "An anonymous case has no caller.");
        }
        else if (!anonymous.Value)
        {
            if (!callerGiven || (string.IsNullOrWhiteSpace(callerName) && string.IsNullOrWhiteSpace(callerPhone) && string.IsNullOrWhiteSpace(callerEmail)))
            {
                errors.Add("caller", "A case that is not anonymous has the caller's name, phone or email.");
            }
            else
            {
                if (callerName is { Length: > MaxNameLength })
                {
                    errors.Add("caller.name", $"The name has at most {MaxNameLength} characters.");
                }

                if (callerEmail is { } email && (email.Length > MaxEmailLength || email.Count(c => c == '@') != 1 || email.StartsWith('@') || email.EndsWith('@')))
                {
                    errors.Add("caller.email", $"An email address has one '@', at most {MaxEmailLength} characters.");
                }

                if (callerPhone is { } phone && (phone.Length > MaxPhoneLength || !phone.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or ' ')))
                {
                    errors.Add("caller.phone", $"The phone has digits, '+', '-' or spaces, at most {MaxPhoneLength} characters.");
                }
            }
        }

        if (attachments is { Count: > MaxAttachments })
        {
            errors.Add("attachments", $"At most {MaxAttachments} attachment references.");
        }
        else if (attachments?.Any(a => string.IsNullOrWhiteSpace(a) || a.Length > MaxAttachmentLength) == true)
        {
            errors.Add("attachments", $"Each attachment reference has 1 to {MaxAttachmentLength} characters.");
        }

        return errors;
    }

    /// <summary><c>TS-2026-000123</c>: the year (China time) of receipt and a number from one sequence, six digits at least.</summary>
    public static string CaseNumber(DateTimeOffset receivedAt, long number) =>
        string.Create(CultureInfo.InvariantCulture, $"TS-{ChinaTime.DayOf(receivedAt).Year}-{number:000000}");

    /// <summary>Who may read the caller of a case: discipline always; an operator its own non-12388 cases.</summary>
    public static bool MaySeeCaller(bool discipline, bool ownOperatorCase, string channel) =>
        discipline || (ownOperatorCase && channel != DisciplineChannel);
}
