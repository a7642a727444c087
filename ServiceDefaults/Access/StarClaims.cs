using System.Security.Claims;

namespace StarPlatform.Access;

/// <summary>The claims of a StarPlatform access token, and the object-level questions they answer.</summary>
public static class StarClaims
{
    /// <summary>The actor's id: <c>evaluatorId</c>, <c>investigatorId</c>, the operator who took a call.</summary>
    public const string Subject = "sub";

    public const string Role = "role";

    /// <summary>The unit an applicant acts for.</summary>
    public const string UnitId = "unit_id";

    public const string ClientId = "client_id";

    public const string Name = "name";

    /// <summary>The audience (resource) every StarPlatform API accepts.</summary>
    public const string Audience = "starplatform-api";

    public static Guid? ActorId(this ClaimsPrincipal user) => GuidClaim(user, Subject);

    public static Guid? ActingUnitId(this ClaimsPrincipal user) => GuidClaim(user, UnitId);

    public static string? ClientIdentifier(this ClaimsPrincipal user) => user.FindFirst(ClientId)?.Value;

    /// <summary>An applicant acts only for its own unit.</summary>
    public static bool ActsForUnit(this ClaimsPrincipal user, Guid unitId) =>
        user.IsInRole(Roles.Applicant) && user.ActingUnitId() == unitId;

    /// <summary>
    /// The caller is the actor an object is assigned to: the evaluator of a score, the
    /// investigator of a case.
    /// </summary>
    public static bool IsActor(this ClaimsPrincipal user, Guid actorId) => user.ActorId() == actorId;

    /// <summary>12388 reporter identities are confidential: only discipline sees them.</summary>
    public static bool MaySeeReporterIdentity(this ClaimsPrincipal user) => user.IsInRole(Roles.Discipline);

    private static Guid? GuidClaim(ClaimsPrincipal user, string type) =>
        Guid.TryParse(user.FindFirst(type)?.Value, out var id) ? id : null;
}
