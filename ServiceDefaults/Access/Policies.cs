using Microsoft.AspNetCore.Authorization;

namespace StarPlatform.Access;

/// <summary>
/// Named authorization policies, one per role and one per combination the gateway contract
/// uses. The gateway's route table names them (<c>AuthorizationPolicy</c>), and a service
/// endpoint names them with <c>RequireAuthorization(Policies.X)</c>.
/// </summary>
public static class Policies
{
    public const string Operator = Roles.Operator;
    public const string Discipline = Roles.Discipline;
    public const string Investigator = Roles.Investigator;
    public const string Applicant = Roles.Applicant;
    public const string Evaluator = Roles.Evaluator;
    public const string Secretary = Roles.Secretary;
    public const string Approver = Roles.Approver;
    public const string Admin = Roles.Admin;
    public const string Supervisor = Roles.Supervisor;
    public const string Portal = Roles.Portal;
    public const string RatingDevice = Roles.RatingDevice;
    public const string CenterStaff = Roles.CenterStaff;

    /// <summary>Taking complaints in, assigning and closing them: operator, discipline.</summary>
    public const string ComplaintIntake = "complaint-intake";

    /// <summary>Reading cases: operator, discipline, investigator, supervisor.</summary>
    public const string ComplaintStaff = "complaint-staff";

    /// <summary>Assigning a case to an investigator (and reassigning it): operator, discipline, supervisor.</summary>
    public const string ComplaintAssignment = "complaint-assignment";

    /// <summary>Reading the directory of people: every role but the applicant (a unit's account, not staff).</summary>
    public const string Staff = "staff";

    /// <summary>Filing an application for a star: applicant, secretary.</summary>
    public const string ApplicationFiling = "application-filing";

    /// <summary>Reading an application: applicant (own), panel, secretary, approver.</summary>
    public const string ApplicationReaders = "application-readers";

    /// <summary>Reading every score change: panel, secretary, approver.</summary>
    public const string ScoringReview = "scoring-review";

    /// <summary>Every policy and the roles that satisfy it (any one of them).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> RolesByPolicy =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            [Operator] = [Roles.Operator],
            [Discipline] = [Roles.Discipline],
            [Investigator] = [Roles.Investigator],
            [Applicant] = [Roles.Applicant],
            [Evaluator] = [Roles.Evaluator],
            [Secretary] = [Roles.Secretary],
            [Approver] = [Roles.Approver],
            [Admin] = [Roles.Admin],
            [Supervisor] = [Roles.Supervisor],
            [Portal] = [Roles.Portal],
            [RatingDevice] = [Roles.RatingDevice],
            [CenterStaff] = [Roles.CenterStaff],
            [ComplaintIntake] = [Roles.Operator, Roles.Discipline],
            [ComplaintStaff] = [Roles.Operator, Roles.Discipline, Roles.Investigator, Roles.Supervisor],
            [ComplaintAssignment] = [Roles.Operator, Roles.Discipline, Roles.Supervisor],
            [Staff] = [Roles.Operator, Roles.Discipline, Roles.Investigator, Roles.Supervisor, Roles.Evaluator, Roles.Secretary, Roles.Approver, Roles.Admin],
            [ApplicationFiling] = [Roles.Applicant, Roles.Secretary],
            [ApplicationReaders] = [Roles.Applicant, Roles.Evaluator, Roles.Secretary, Roles.Approver],
            [ScoringReview] = [Roles.Evaluator, Roles.Secretary, Roles.Approver],
        };

    public static AuthorizationBuilder AddStarPolicies(this AuthorizationBuilder authorization)
    {
        foreach (var (name, roles) in RolesByPolicy)
        {
            authorization.AddPolicy(name, policy => policy.RequireAuthenticatedUser().RequireRole(roles));
        }

        return authorization;
    }
}
