using System.Security.Claims;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;
using StarPlatform.Access;

namespace StarPlatform.Identity.Tests;

/// <summary>The access pieces every service shares (ServiceDefaults).</summary>
public class SharedAccessTests
{
    private static readonly Guid Unit = Guid.NewGuid();
    private static readonly Guid Someone = Guid.NewGuid();

    [Fact]
    public void The_roles_are_exactly_those_of_the_contract()
    {
        Assert.Equal(["operator", "discipline", "investigator", "applicant", "evaluator", "secretary", "approver", "admin", "supervisor", "portal", "rating-device", "center-staff"], Roles.All);
    }

    [Fact]
    public void Every_role_has_a_policy_of_its_own_name_admitting_only_that_role()
    {
        Assert.All(Roles.All, role => Assert.Equal([role], Policies.RolesByPolicy[role]));
    }

    [Theory]
    [InlineData(Policies.ComplaintIntake, "operator,discipline")]
    [InlineData(Policies.ComplaintStaff, "operator,discipline,investigator,supervisor")]
    [InlineData(Policies.ComplaintAssignment, "operator,discipline,supervisor")]
    [InlineData(Policies.ApplicationFiling, "applicant,secretary")]
    [InlineData(Policies.ApplicationReaders, "applicant,evaluator,secretary,approver")]
    [InlineData(Policies.ScoringReview, "evaluator,secretary,approver")]
    public void A_combined_policy_admits_the_roles_the_contract_names(string policy, string roles)
    {
        Assert.Equal(roles.Split(','), Policies.RolesByPolicy[policy]);
    }

    [Fact]
    public void Policies_only_name_roles_of_the_contract()
    {
        Assert.All(Policies.RolesByPolicy.Values.SelectMany(r => r), role => Assert.True(Roles.IsKnown(role), role));
    }

    [Fact]
    public void An_applicant_acts_only_for_the_unit_its_token_names()
    {
        var applicant = User(("role", "applicant"), ("unit_id", Unit.ToString()));

        Assert.True(applicant.ActsForUnit(Unit));
        Assert.False(applicant.ActsForUnit(Guid.NewGuid()));
        Assert.False(User(("role", "secretary"), ("unit_id", Unit.ToString())).ActsForUnit(Unit));
        Assert.False(User(("role", "applicant")).ActsForUnit(Unit));
    }

    [Fact]
    public void An_evaluator_or_investigator_is_the_actor_its_sub_names()
    {
        var evaluator = User(("role", "evaluator"), ("sub", Someone.ToString()));

        Assert.Equal(Someone, evaluator.ActorId());
        Assert.True(evaluator.IsActor(Someone));
        Assert.False(evaluator.IsActor(Guid.NewGuid()));
        Assert.False(User(("sub", "dev-evaluator-1")).IsActor(Someone));
    }

    [Theory]
    [InlineData("discipline", true)]
    [InlineData("operator", false)]
    [InlineData("investigator", false)]
    [InlineData("supervisor", false)]
    [InlineData("admin", false)]
    public void Only_discipline_sees_12388_reporter_identities(string role, bool sees)
    {
        Assert.Equal(sees, User(("role", role)).MaySeeReporterIdentity());
    }

    [Fact]
    public void Refusals_say_why_the_token_was_refused()
    {
        Assert.Equal("The request has no bearer token.", AuthenticationExtensions.DescribeFailure(null));
        Assert.Equal("The token has expired.", AuthenticationExtensions.DescribeFailure(new SecurityTokenExpiredException()));
        Assert.Equal("The token is not signed by the identity server.",
            AuthenticationExtensions.DescribeFailure(new SecurityTokenSignatureKeyNotFoundException()));
        Assert.Equal("The token is not meant for this API.", AuthenticationExtensions.DescribeFailure(new SecurityTokenInvalidAudienceException()));
        Assert.Equal("The token is not valid.", AuthenticationExtensions.DescribeFailure(new SecurityTokenMalformedException()));
    }

    [Fact]
    public async Task Addresses_under_the_public_issuer_are_fetched_from_the_internal_authority()
    {
        var documents = new Documents
        {
            ["http://identity-api/.well-known/openid-configuration"] =
                """{"issuer":"http://localhost:5080/","jwks_uri":"http://localhost:5080/.well-known/jwks"}""",
            ["http://identity-api/.well-known/jwks"] = """{"keys":[]}""",
        };
        var retriever = new AuthorityDocumentRetriever(documents, new Uri("http://identity-api"));

        await retriever.GetDocumentAsync("http://identity-api/.well-known/openid-configuration", default);
        var keys = await retriever.GetDocumentAsync("http://localhost:5080/.well-known/jwks", default);

        Assert.Equal("""{"keys":[]}""", keys);
        Assert.Equal("http://elsewhere.test/jwks", retriever.Internal("http://elsewhere.test/jwks"));
    }

    [Fact]
    public void Nothing_is_rewritten_before_the_discovery_document_named_the_issuer()
    {
        var retriever = new AuthorityDocumentRetriever(new Documents(), new Uri("http://identity-api/"));

        Assert.Equal("http://localhost:5080/.well-known/jwks", retriever.Internal("http://localhost:5080/.well-known/jwks"));
    }

    [Fact]
    public async Task An_issuer_with_a_path_maps_onto_the_authority_root()
    {
        var documents = new Documents
        {
            ["http://identity-api/.well-known/openid-configuration"] = """{"issuer":"https://star.example/auth"}""",
        };
        var retriever = new AuthorityDocumentRetriever(documents, new Uri("http://identity-api/"));

        await retriever.GetDocumentAsync("http://identity-api/.well-known/openid-configuration", default);

        Assert.Equal("http://identity-api/.well-known/jwks", retriever.Internal("https://star.example/auth/.well-known/jwks"));
    }

    private static ClaimsPrincipal User(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "test", StarClaims.Subject, StarClaims.Role));

    private sealed class Documents : Dictionary<string, string>, IDocumentRetriever
    {
        public Task<string> GetDocumentAsync(string address, CancellationToken cancel) =>
            TryGetValue(address, out var document) ? Task.FromResult(document) : throw new IOException($"no document at {address}");
    }
}
