using OpenIddict.Abstractions;
using StarPlatform.Identity.Model;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace StarPlatform.Identity.Tests;

public class ActorIdentityTests
{
    [Fact]
    public void The_token_names_the_actor_its_roles_its_unit_and_the_api()
    {
        var unit = Guid.NewGuid();
        var actor = Actor.Create(Guid.NewGuid(), ["applicant"], unit, out _)!;

        var identity = ActorIdentity.Create(actor, "dev-applicant", []);

        Assert.Equal(actor.Id.ToString(), identity.GetClaim(Claims.Subject));
        Assert.Equal("dev-applicant", identity.GetClaim(Claims.Name));
        Assert.Equal(["applicant"], identity.GetClaims(Claims.Role).ToArray());
        Assert.Equal(unit.ToString(), identity.GetClaim("unit_id"));
        Assert.Equal(["starplatform-api"], identity.GetResources().ToArray());
    }

    [Fact]
    public void Every_claim_goes_into_the_access_token_only()
    {
        var actor = Actor.Create(Guid.NewGuid(), ["operator", "discipline"], null, out _)!;

        var identity = ActorIdentity.Create(actor, "hotline", ["openid"]);

        Assert.Equal(["operator", "discipline"], identity.GetClaims(Claims.Role).ToArray());
        Assert.Null(identity.GetClaim("unit_id"));
        Assert.All(identity.Claims, claim => Assert.Equal([Destinations.AccessToken], claim.GetDestinations().ToArray()));
        Assert.Equal(["openid"], identity.GetScopes().ToArray());
    }
}
