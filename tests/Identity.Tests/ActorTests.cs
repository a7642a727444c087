using System.Text.Json;
using StarPlatform.Identity.Model;

namespace StarPlatform.Identity.Tests;

public class ActorTests
{
    private static readonly Guid Unit = Guid.Parse("0198f0c2-0000-7000-8000-000000000042");

    [Fact]
    public void An_applicant_acts_for_one_unit()
    {
        var actor = Actor.Create(Guid.NewGuid(), ["applicant"], Unit, out var problem);

        Assert.Null(problem);
        Assert.Equal(Unit, actor!.UnitId);
    }

    [Fact]
    public void An_applicant_without_a_unit_is_refused()
    {
        Assert.Null(Actor.Create(Guid.NewGuid(), ["applicant"], null, out var problem));
        Assert.Contains("unit", problem);
    }

    [Fact]
    public void Only_an_applicant_a_rating_device_or_a_centers_staff_is_bound_to_a_unit()
    {
        Assert.Null(Actor.Create(Guid.NewGuid(), ["evaluator"], Unit, out var problem));
        Assert.Contains("Only an actor of applicant or rating-device or center-staff", problem);
        Assert.Equal(Unit, Actor.Create(Guid.NewGuid(), ["center-staff"], Unit, out _)!.UnitId);
        Assert.Equal(Unit, Actor.Create(Guid.NewGuid(), ["rating-device"], Unit, out _)!.UnitId);
        Assert.Null(Actor.Create(Guid.NewGuid(), ["rating-device"], null, out problem));
        Assert.Contains("needs a unit id", problem);
    }

    [Theory]
    [InlineData("superuser")]
    [InlineData("Admin")]
    [InlineData("")]
    public void A_role_outside_the_contract_is_refused(string role)
    {
        Assert.Null(Actor.Create(Guid.NewGuid(), [role], null, out var problem));
        Assert.Contains("is not a role", problem);
    }

    [Fact]
    public void An_actor_needs_an_id_and_a_role()
    {
        Assert.Null(Actor.Create(Guid.Empty, ["admin"], null, out _));
        Assert.Null(Actor.Create(Guid.NewGuid(), [], null, out _));
    }

    [Fact]
    public void Repeated_roles_count_once()
    {
        Assert.Equal(["operator", "discipline"], Actor.Create(Guid.NewGuid(), ["operator", "discipline", "operator"], null, out _)!.Roles);
    }

    [Fact]
    public void An_actor_survives_the_trip_through_client_properties()
    {
        var actor = Actor.Create(Guid.NewGuid(), ["applicant"], Unit, out _)!;

        var back = Actor.FromProperties(RoundTrip(actor.ToProperties()));

        Assert.NotNull(back);
        Assert.Equal(actor.Id, back.Id);
        Assert.Equal(actor.Roles, back.Roles);
        Assert.Equal(actor.UnitId, back.UnitId);
    }

    [Fact]
    public void A_client_without_an_actor_or_with_a_broken_one_acts_for_no_one()
    {
        var valid = Actor.Create(Guid.NewGuid(), ["secretary"], null, out _)!.ToProperties();

        Assert.Null(Actor.FromProperties(new Dictionary<string, JsonElement>()));
        Assert.Null(Actor.FromProperties(With(valid, Actor.IdProperty, "not-a-guid")));
        Assert.Null(Actor.FromProperties(With(valid, Actor.RolesProperty, new[] { "root" })));
        Assert.Null(Actor.FromProperties(With(valid, Actor.RolesProperty, "secretary")));
        Assert.Null(Actor.FromProperties(With(valid, Actor.UnitIdProperty, Unit)));
    }

    private static Dictionary<string, JsonElement> With(Dictionary<string, JsonElement> properties, string name, object value) =>
        new(properties) { [name] = JsonSerializer.SerializeToElement(value) };

    /// <summary>As OpenIddict stores them: one JSON object.</summary>
    private static Dictionary<string, JsonElement> RoundTrip(Dictionary<string, JsonElement> properties) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonSerializer.Serialize(properties))!;
}
