using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Access;
using StarPlatform.Http;
using StarPlatform.Identity.Data;
using StarPlatform.Identity.Model;
using StarPlatform.OpenApi;

namespace StarPlatform.Identity.Apis;

/// <param name="Id">the subject the person's tokens carry: the id a case names as its investigator</param>
/// <param name="Active">false for a person who left or is off duty: nothing new is given to them</param>
public sealed record PersonResponse(Guid Id, string DisplayName, IReadOnlyList<string> Roles, Guid? UnitId, bool Active, int Revision);

/// <summary>The directory of people (人员名录), read by staff: the console picks an investigator and names who did what from it.</summary>
public static class PeopleApi
{
    public static readonly ApiText Text = new()
    {
        Operations =
        {
            ["ListPeople"] = ("查询人员名录（可按角色、在岗筛选）", "List the directory of people (by role, active or not)"),
            ["GetPerson"] = ("读取一个人员", "Read a person"),
        },
        Parameters =
        {
            ["id"] = ("人员的标识（其令牌的 sub）", "The person's id (their tokens' sub)"),
            ["role"] = ("只列出担任此角色的人员", "Only people holding this role"),
            ["active"] = ("只列出在岗（true）或已停用（false）的人员", "Only active (true) or inactive (false) people"),
        },
        ClosedSets =
        {
            ["role"] = Roles.All,
            ["PersonResponse.roles"] = Roles.All,
        },
    };

    public static WebApplication MapPeopleApi(this WebApplication app)
    {
        var people = app.MapGroup("/api/identity/people").WithTags("People");
        people.MapGet("", ListPeople).WithName(nameof(ListPeople)).RequireAuthorization(Policies.Staff).WithProblems(401, 403);
        people.MapGet("/{id:guid}", GetPerson).WithName(nameof(GetPerson)).RequireAuthorization(Policies.Staff).WithProblems(401, 403);
        return app;
    }

    /// <summary>Everyone of the directory, or those of one role, by name; 400 for a role that does not exist.</summary>
    public static async Task<Results<Ok<PersonResponse[]>, ValidationProblem>> ListPeople(
        IdentityDbContext db, string? role, bool? active, CancellationToken ct)
    {
        if (role is not null && !Roles.IsKnown(role))
        {
            return Problems.Invalid("role", $"The role is one of {string.Join(", ", Roles.All)}.");
        }

        var query = db.People.AsNoTracking();
        if (role is not null)
        {
            query = query.Where(p => p.Roles.Contains(role));
        }

        if (active is { } isActive)
        {
            query = query.Where(p => p.Active == isActive);
        }

        var people = await query.ToListAsync(ct);
        return TypedResults.Ok(people
            .OrderBy(p => p.DisplayName, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("zh-CN"), false))
            .ThenBy(p => p.Id)
            .Select(Response).ToArray());
    }

    public static async Task<Results<Ok<PersonResponse>, ProblemHttpResult>> GetPerson(Guid id, IdentityDbContext db, CancellationToken ct) =>
        await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) is { } person
            ? TypedResults.Ok(Response(person))
            : Problems.NotFound("person");

    private static PersonResponse Response(Person p) => new(p.Id, p.DisplayName, p.Roles, p.UnitId, p.Active, p.Revision);
}
