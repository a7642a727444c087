using OpenIddict.Abstractions;
using StarPlatform.Access;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace StarPlatform.Identity.Model;

/// <summary>A Development client: one per role (three evaluators for a panel), secret <c>&lt;client_id&gt;-secret</c>.</summary>
public sealed record DevelopmentClient(string ClientId, string Role, Guid ActorId)
{
    public string Secret => $"{ClientId}-secret";
}

/// <summary>
/// The clients that exist in the Development environment only (<c>shared/API.md</c>). Each
/// machine client also names a Development account: an authorization request with
/// <c>login_hint=&lt;client_id&gt;</c> signs in as the same actor through <c>dev-console</c>.
/// Actor ids are fixed, so a script or test can name an evaluator or investigator.
/// </summary>
public static class DevelopmentClients
{
    /// <summary>The public browser client (authorization code with PKCE, no secret).</summary>
    public const string ConsoleClientId = "dev-console";

    /// <summary>The unit <c>dev-applicant</c> acts for unless configuration names another.</summary>
    public static readonly Guid DefaultApplicantUnitId = Guid.Parse("00000000-0000-4000-8000-0000000000a1");

    public static readonly IReadOnlyList<DevelopmentClient> All =
    [
        new("dev-operator", Roles.Operator, Guid.Parse("00000000-0000-4000-8000-000000000001")),
        new("dev-discipline", Roles.Discipline, Guid.Parse("00000000-0000-4000-8000-000000000002")),
        new("dev-investigator", Roles.Investigator, Guid.Parse("00000000-0000-4000-8000-000000000003")),
        new("dev-applicant", Roles.Applicant, Guid.Parse("00000000-0000-4000-8000-000000000004")),
        new("dev-evaluator-1", Roles.Evaluator, Guid.Parse("00000000-0000-4000-8000-000000000005")),
        new("dev-evaluator-2", Roles.Evaluator, Guid.Parse("00000000-0000-4000-8000-000000000006")),
        new("dev-evaluator-3", Roles.Evaluator, Guid.Parse("00000000-0000-4000-8000-000000000007")),
        new("dev-secretary", Roles.Secretary, Guid.Parse("00000000-0000-4000-8000-000000000008")),
        new("dev-approver", Roles.Approver, Guid.Parse("00000000-0000-4000-8000-000000000009")),
        new("dev-admin", Roles.Admin, Guid.Parse("00000000-0000-4000-8000-000000000010")),
        new("dev-supervisor", Roles.Supervisor, Guid.Parse("00000000-0000-4000-8000-000000000011")),
        new("dev-investigator-2", Roles.Investigator, Guid.Parse("00000000-0000-4000-8000-000000000012")),
        new("dev-portal", Roles.Portal, Guid.Parse("00000000-0000-4000-8000-000000000013")),
        new("dev-rating-device", Roles.RatingDevice, Guid.Parse("00000000-0000-4000-8000-0000000000d1")),
        // More devices of the same center, as its windows each have one: batches of different devices run side by side.
        new("dev-rating-device-2", Roles.RatingDevice, Guid.Parse("00000000-0000-4000-8000-0000000000d2")),
        new("dev-rating-device-3", Roles.RatingDevice, Guid.Parse("00000000-0000-4000-8000-0000000000d3")),
        new("dev-rating-device-4", Roles.RatingDevice, Guid.Parse("00000000-0000-4000-8000-0000000000d4")),
        new("dev-center-staff", Roles.CenterStaff, Guid.Parse("00000000-0000-4000-8000-0000000000c1")),
    ];

    public static DevelopmentClient? Find(string? clientId) =>
        All.FirstOrDefault(c => string.Equals(c.ClientId, clientId, StringComparison.Ordinal));

    public static Actor ActorOf(DevelopmentClient client, Guid applicantUnitId) =>
        Actor.Create(client.ActorId, [client.Role], Roles.BoundToUnit.Contains(client.Role) ? applicantUnitId : null, out var problem)
        ?? throw new InvalidOperationException($"Development client {client.ClientId}: {problem}");

    /// <summary>A confidential client that may only ask for tokens with its own credentials.</summary>
    public static OpenIddictApplicationDescriptor Descriptor(DevelopmentClient client, Guid applicantUnitId)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            ClientSecret = client.Secret,
            ClientType = ClientTypes.Confidential,
            DisplayName = $"Development {client.Role} ({client.ClientId})",
            Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials },
        };
        foreach (var (name, value) in ActorOf(client, applicantUnitId).ToProperties())
        {
            descriptor.Properties[name] = value;
        }

        return descriptor;
    }

    /// <summary>The browser console: a public client, authorization code flow, PKCE required.</summary>
    public static OpenIddictApplicationDescriptor ConsoleDescriptor(Uri redirectUri) => new()
    {
        ClientId = ConsoleClientId,
        ClientType = ClientTypes.Public,
        ApplicationType = ApplicationTypes.Web,
        DisplayName = "Development console",
        RedirectUris = { redirectUri },
        Permissions =
        {
            Permissions.Endpoints.Authorization,
            Permissions.Endpoints.Token,
            Permissions.GrantTypes.AuthorizationCode,
            Permissions.ResponseTypes.Code,
        },
        Requirements = { Requirements.Features.ProofKeyForCodeExchange },
    };
}
