using StarPlatform.Identity.Model;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace StarPlatform.Identity.Tests;

public class DevelopmentClientsTests
{
    private static readonly Guid Unit = Guid.Parse("0198f0c2-0000-7000-8000-000000000042");

    [Fact]
    public void The_Development_clients_are_those_of_the_contract_each_with_the_role_in_its_name()
    {
        Assert.Equal(
            ["dev-operator", "dev-discipline", "dev-investigator", "dev-applicant", "dev-evaluator-1", "dev-evaluator-2",
                "dev-evaluator-3", "dev-secretary", "dev-approver", "dev-admin", "dev-supervisor", "dev-investigator-2", "dev-portal", "dev-rating-device",
                "dev-rating-device-2", "dev-rating-device-3", "dev-rating-device-4", "dev-center-staff"],
            DevelopmentClients.All.Select(c => c.ClientId));
        Assert.All(DevelopmentClients.All, c => Assert.StartsWith($"dev-{c.Role}", c.ClientId));
        Assert.All(DevelopmentClients.All, c => Assert.Equal($"{c.ClientId}-secret", c.Secret));
    }

    [Fact]
    public void Every_Development_client_is_its_own_actor()
    {
        Assert.Equal(DevelopmentClients.All.Count, DevelopmentClients.All.Select(c => c.ActorId).Distinct().Count());
    }

    [Fact]
    public void The_applicant_the_rating_device_and_the_center_staff_are_bound_to_the_configured_unit_and_no_one_else_is()
    {
        foreach (var client in DevelopmentClients.All)
        {
            var actor = DevelopmentClients.ActorOf(client, Unit);
            Assert.Equal(client.Role is "applicant" or "rating-device" or "center-staff" ? Unit : null, actor.UnitId);
            Assert.Equal([client.Role], actor.Roles);
            Assert.Equal(client.ActorId, actor.Id);
        }
    }

    [Fact]
    public void A_Development_client_may_only_use_client_credentials_at_the_token_endpoint()
    {
        var descriptor = DevelopmentClients.Descriptor(DevelopmentClients.Find("dev-evaluator-2")!, Unit);

        Assert.Equal(ClientTypes.Confidential, descriptor.ClientType);
        Assert.Equal("dev-evaluator-2-secret", descriptor.ClientSecret);
        Assert.Equal([Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials], descriptor.Permissions.Order());
        var actor = Actor.FromProperties(descriptor.Properties);
        Assert.Equal(["evaluator"], actor!.Roles);
    }

    [Fact]
    public void The_console_is_a_public_client_that_must_use_PKCE_and_its_own_redirect()
    {
        var redirect = new Uri("http://localhost:5080/console/signin-callback");

        var descriptor = DevelopmentClients.ConsoleDescriptor(redirect);

        Assert.Equal(ClientTypes.Public, descriptor.ClientType);
        Assert.Null(descriptor.ClientSecret);
        Assert.Equal([redirect], descriptor.RedirectUris);
        Assert.Contains(Requirements.Features.ProofKeyForCodeExchange, descriptor.Requirements);
        Assert.DoesNotContain(Permissions.GrantTypes.ClientCredentials, descriptor.Permissions);
        Assert.Empty(descriptor.Properties);
    }

    [Fact]
    public void Only_Development_client_ids_name_a_Development_account()
    {
        Assert.NotNull(DevelopmentClients.Find("dev-secretary"));
        Assert.Null(DevelopmentClients.Find("dev-console"));
        Assert.Null(DevelopmentClients.Find("DEV-SECRETARY"));
        Assert.Null(DevelopmentClients.Find(null));
    }

    [Fact]
    public void The_console_redirect_defaults_to_the_console_under_the_issuer()
    {
        var issuer = new Uri("http://localhost:5080/");

        Assert.Equal(new Uri("http://localhost:5080/console/signin-callback"), new DevelopmentSettings().ConsoleRedirect(issuer));
        Assert.Equal(new Uri("http://127.0.0.1:3000/cb"),
            new DevelopmentSettings { ConsoleRedirectUri = "http://127.0.0.1:3000/cb" }.ConsoleRedirect(issuer));
    }

    [Theory]
    [InlineData("", "/keys", false)]
    [InlineData("localhost:5080", "/keys", false)]
    [InlineData("http://localhost:5080/?x=1", "/keys", false)]
    [InlineData("http://localhost:5080/", "", false)]
    [InlineData("http://localhost:5080/", "/keys", true)]
    public void The_server_needs_an_absolute_issuer_and_a_keys_folder(string issuer, string keysPath, bool complete)
    {
        var settings = new IdentityServerSettings { Issuer = issuer, KeysPath = keysPath };

        Assert.Equal(complete, !IdentityServerSettings.Problems(settings).Any());
    }
}
