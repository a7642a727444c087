namespace StarPlatform.Access;

/// <summary>The roles of the gateway contract (<c>shared/API.md</c>); a token carries them as <c>role</c> claims.</summary>
public static class Roles
{
    /// <summary>Hotline intake: 96960 complaints, 96196 government-service hotline.</summary>
    public const string Operator = "operator";

    /// <summary>纪检监察 (discipline inspection): 12388 reports; the only role that sees reporter identities.</summary>
    public const string Discipline = "discipline";

    public const string Investigator = "investigator";

    /// <summary>值班长, the hotline center's supervisor on duty: reads every case (never a 12388 reporter's identity) and assigns them.</summary>
    public const string Supervisor = "supervisor";

    /// <summary>Staff of one unit; the token's <c>unit_id</c> names the unit.</summary>
    public const string Applicant = "applicant";

    /// <summary>Panel member.</summary>
    public const string Evaluator = "evaluator";

    /// <summary>Panel secretary (the city service center): runs the cycles.</summary>
    public const string Secretary = "secretary";

    /// <summary>The city government that approves (审定) results and revocations.</summary>
    public const string Approver = "approver";

    /// <summary>Registry and criteria catalog.</summary>
    public const string Admin = "admin";

    /// <summary>
    /// A citizen portal's server (a machine client): it reads the public routes and files online complaints for the
    /// citizens it serves. No route needs the role; it gives the portal a token, so the gateway counts the portal
    /// against its own quota (<c>Gateway:RateLimits:Clients:&lt;client_id&gt;</c>) instead of one address's.
    /// </summary>
    public const string Portal = "portal";

    /// <summary>A window's rating device or queue system (评价器): a machine client bound to its center (<c>unit_id</c>), uploading served transactions and ratings.</summary>
    public const string RatingDevice = "rating-device";

    /// <summary>
    /// A service center's staff who work its bad ratings (差评回访、整改、反馈): bound to their center (<c>unit_id</c>), they
    /// see its rectification cases and their raters' contacts, and take the cases' steps.
    /// </summary>
    public const string CenterStaff = "center-staff";

    public static readonly IReadOnlyList<string> All =
        [Operator, Discipline, Investigator, Applicant, Evaluator, Secretary, Approver, Admin, Supervisor, Portal, RatingDevice, CenterStaff];

    /// <summary>The roles whose actor acts for one unit (the token's <c>unit_id</c>).</summary>
    public static readonly IReadOnlyList<string> BoundToUnit = [Applicant, RatingDevice, CenterStaff];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
