using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using StarPlatform.Access;
using StarPlatform.Http;
using StarPlatform.Scoring.Data;
using StarPlatform.Scoring.Model;

namespace StarPlatform.Scoring.Apis;

public sealed record PanelMemberRequest(string? Name, string? Organisation, Guid? AffiliatedUnitId, string? AffiliatedDivisionCode);

/// <summary>
/// The evaluation panel (考评小组): members are evaluators (their token's <c>sub</c>) with the
/// organisation they come from and what they are affiliated with, for the conflict-of-interest check.
/// </summary>
public static class PanelApi
{
    public static IEndpointRouteBuilder MapPanelApi(this IEndpointRouteBuilder app)
    {
        var members = app.MapGroup("/api/scoring/panel-members").WithTags("Panel");
        members.MapPut("/{id:guid}", PutPanelMember).WithName(nameof(PutPanelMember)).RequireAuthorization(Policies.Secretary)
            .WithProblems(400, 401, 403);
        members.MapGet("/", ListPanelMembers).WithName(nameof(ListPanelMembers)).RequireAuthorization(Policies.Secretary)
            .WithProblems(401, 403);
        return app;
    }

    /// <summary>Registers or updates a panel member (idempotent: the same body twice leaves one member).</summary>
    public static async Task<Results<Ok<PanelMemberResponse>, Created<PanelMemberResponse>, ValidationProblem>> PutPanelMember(
        Guid id, PanelMemberRequest request, ScoringDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (id == Guid.Empty)
        {
            errors.Add("id", "The member's actor id (their token's sub).");
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 200)
        {
            errors.Add("name", "The member's name (≤ 200 characters).");
        }

        if (string.IsNullOrWhiteSpace(request.Organisation) || request.Organisation.Trim().Length > 200)
        {
            errors.Add("organisation", "The organisation the member comes from (≤ 200 characters), e.g. 市监察局.");
        }

        if (request.AffiliatedDivisionCode is { } code && (code.Length is not (6 or 9 or 12) || !code.All(char.IsAsciiDigit)))
        {
            errors.Add("affiliatedDivisionCode", "A division code of 6, 9 or 12 digits.");
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var member = await db.PanelMembers.FindAsync([id], ct);
        var created = member is null;
        member ??= db.PanelMembers.Add(new PanelMember { Id = id, Name = "", Organisation = "" }).Entity;
        member.Name = request.Name!.Trim();
        member.Organisation = request.Organisation!.Trim();
        member.AffiliatedUnitId = request.AffiliatedUnitId is { } unit && unit != Guid.Empty ? unit : null;
        member.AffiliatedDivisionCode = request.AffiliatedDivisionCode;
        member.UpdatedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (created
            && ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another PUT created this member a moment ago: this one updates it, as if it had come
            // second (the last write wins, as for any PUT).
            db.ChangeTracker.Clear();
            return await PutPanelMember(id, request, db, clock, ct);
        }

        var response = PanelMemberResponse.From(member);
        return created ? TypedResults.Created($"/api/scoring/panel-members/{id}", response) : TypedResults.Ok(response);
    }

    public static async Task<Ok<Page<PanelMemberResponse>>> ListPanelMembers(ScoringDbContext db, CancellationToken ct)
    {
        var members = await db.PanelMembers.AsNoTracking().OrderBy(m => m.Name).ToListAsync(ct);
        return TypedResults.Ok(new Page<PanelMemberResponse>(members.Select(PanelMemberResponse.From).ToList(), members.Count));
    }
}
