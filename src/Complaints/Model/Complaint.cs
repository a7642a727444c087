namespace StarPlatform.Complaints.Model;

/// <summary>
/// A complaint case (投诉件): a call to a hotline or an online submission against a center, window
/// or outlet, with its deadlines counted in working days.
/// </summary>
public sealed class Complaint
{
    public Guid Id { get; set; }

    /// <summary>Human-readable and unique, e.g. <c>TS-2026-000123</c>; numbers may skip (a refused intake uses one up).</summary>
    public required string CaseNumber { get; set; }

    /// <summary>96960, 12388, 96196 or online.</summary>
    public required string Channel { get; set; }

    public Guid TargetUnitId { get; set; }

    /// <summary>center, window or outlet (from the registry copy at intake).</summary>
    public required string TargetKind { get; set; }

    public required string Category { get; set; }
    public required string Description { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public bool Anonymous { get; set; }

    /// <summary>The caller's name and phone, encrypted with ASP.NET Core Data Protection; null when anonymous.</summary>
    public string? ProtectedCaller { get; set; }

    /// <summary>References to attachments held elsewhere (document store ids or URLs).</summary>
    public List<string> Attachments { get; set; } = [];

    /// <summary>The operator or discipline officer who took the call; null for an anonymous online submission.</summary>
    public Guid? FiledBy { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset AcknowledgeDueAt { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public string Status { get; set; } = ComplaintRules.Received;
    public Guid? InvestigatorId { get; set; }
}

/// <summary>A caller's contact, as entered; only ever stored encrypted.</summary>
public sealed record Caller(string? Name, string? Phone);
