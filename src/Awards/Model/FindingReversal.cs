using StarPlatform.Contracts;

namespace StarPlatform.Awards.Model;

/// <summary>
/// A re-review on appeal (复核) that withdrew a complaint's finding (<c>ComplaintFindingReversed</c>),
/// kept by case: a substantiated complaint it reverses is shown as reversed on its award, and a
/// violation it reverses opens no revocation and withdraws a pending one. Kept even when the finding
/// it reverses has not arrived yet, so that finding is recorded as reversed when it does.
/// </summary>
public sealed class FindingReversal
{
    public const int MaxSummaryLength = 2000;

    public Guid ComplaintId { get; set; }

    public required string CaseNumber { get; set; }

    public Guid UnitId { get; set; }

    public bool SubstantiationReversed { get; set; }

    public bool ViolationReversed { get; set; }

    /// <summary>The offence of the reversed violation (null: every violation of the case, as before offences were named).</summary>
    public Offence? ReversedOffence { get; set; }

    public DateTimeOffset ReversedAt { get; set; }

    public required string Summary { get; set; }

    public static string Truncate(string text) => text.Length <= MaxSummaryLength ? text : text[..MaxSummaryLength];
}
