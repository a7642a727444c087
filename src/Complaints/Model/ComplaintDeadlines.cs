namespace StarPlatform.Complaints.Model;

/// <summary>How long a case may take, in working days (configuration section <c>Complaints:Deadlines</c>).</summary>
public sealed class ComplaintDeadlines
{
    public const string Section = "Complaints:Deadlines";

    /// <summary>Acknowledge (assign) a case within this many working days.</summary>
    public int AcknowledgeWorkingDays { get; set; } = 1;

    /// <summary>Conclude a case (a finding) within this many working days; a re-review on appeal too.</summary>
    public int ConcludeWorkingDays { get; set; } = 15;

    /// <summary>An appeal is taken until the end of this many working days after the day of closure.</summary>
    public int AppealWorkingDays { get; set; } = 15;
}
