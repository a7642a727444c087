using StarPlatform.Access;

namespace StarPlatform.Identity.Model;

/// <summary>A person of the Development directory; <see cref="ClientId"/> names the account they sign in with, if any.</summary>
public sealed record DevelopmentPerson(Guid Id, string DisplayName, string Role, string? ClientId = null, bool Active = true);

/// <summary>
/// The directory in the Development environment: a Chinese name for every Development account
/// but the applicant (a unit's account, not a person), and a few colleagues without an account —
/// investigators and operators to pick from, and one investigator who has left (inactive).
/// </summary>
public static class DevelopmentPeople
{
    public static readonly IReadOnlyList<DevelopmentPerson> All =
    [
        .. Named(
            ("dev-operator", "张晓燕"),
            ("dev-discipline", "王建国"),
            ("dev-investigator", "李明"),
            ("dev-evaluator-1", "赵敏"),
            ("dev-evaluator-2", "孙磊"),
            ("dev-evaluator-3", "周静"),
            ("dev-secretary", "吴敏"),
            ("dev-approver", "郑国强"),
            ("dev-admin", "冯涛"),
            ("dev-supervisor", "陈志刚"),
            ("dev-investigator-2", "王芳"),
            ("dev-center-staff", "刘洋")),
        new(Guid.Parse("00000000-0000-4000-8000-000000000013"), "黄丽", Roles.Investigator),
        new(Guid.Parse("00000000-0000-4000-8000-000000000014"), "何静", Roles.Operator),
        new(Guid.Parse("00000000-0000-4000-8000-000000000015"), "林峰", Roles.Operator),
        new(Guid.Parse("00000000-0000-4000-8000-000000000016"), "马超", Roles.Investigator, Active: false),
    ];

    private static IEnumerable<DevelopmentPerson> Named(params (string ClientId, string Name)[] accounts) =>
        accounts.Select(a => DevelopmentClients.Find(a.ClientId)
            ?? throw new InvalidOperationException($"No Development client {a.ClientId}."))
            .Zip(accounts, (client, a) => new DevelopmentPerson(client.ActorId, a.Name, client.Role, client.ClientId));
}
