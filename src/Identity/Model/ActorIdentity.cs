using System.Security.Claims;
using OpenIddict.Abstractions;
using StarPlatform.Access;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace StarPlatform.Identity.Model;

/// <summary>The identity a token is issued for: the actor's id, name, roles and unit, for the StarPlatform API.</summary>
public static class ActorIdentity
{
    /// <summary>
    /// <paramref name="name"/> is the client id, or the Development account that signed in.
    /// Every claim goes into the access token only; the audience is <c>starplatform-api</c>.
    /// </summary>
    public static ClaimsIdentity Create(Actor actor, string name, IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity(
            authenticationType: "StarPlatform.Identity", nameType: Claims.Name, roleType: Claims.Role);
        identity.SetClaim(Claims.Subject, actor.Id.ToString());
        identity.SetClaim(Claims.Name, name);
        identity.SetClaims(Claims.Role, [.. actor.Roles]);
        if (actor.UnitId is { } unitId)
        {
            identity.SetClaim(StarClaims.UnitId, unitId.ToString());
        }

        identity.SetScopes(scopes);
        identity.SetResources(StarClaims.Audience);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return identity;
    }
}
