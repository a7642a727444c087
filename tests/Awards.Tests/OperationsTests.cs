using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace StarPlatform.Awards.Tests;

/// <summary>What ops see of Awards: stars granted and revoked, on its meter, once each change has committed.</summary>
[Collection(AwardsCollection.Name)]
public class OperationsTests(AwardsFixture awards)
{
    [Fact]
    public async Task A_granted_award_and_its_confirmed_revocation_are_counted_by_stars_and_a_rejected_revocation_is_not()
    {
        using var recorder = new MeterRecorder(awards.Services.GetRequiredService<IMeterFactory>(), AwardsMetrics.MeterName);
        var year = AwardsFixture.NewCycleYear();

        var revokedUnit = await awards.UnitAsync();
        var revokedAward = await awards.AwardAsync(revokedUnit, year, 4);
        var keptUnit = await awards.UnitAsync();
        var keptAward = await awards.AwardAsync(keptUnit, year, 3);
        await Eventually.HoldsAsync(() => Task.FromResult(recorder.Sum("starplatform.awards.granted", "stars=4") >= 1
                && recorder.Sum("starplatform.awards.granted", "stars=3") >= 1),
            AwardsFixture.Delivery, "both grants counted once committed");

        await DecideOnViolationAsync(revokedAward, revokedUnit, confirmed: true);
        await DecideOnViolationAsync(keptAward, keptUnit, confirmed: false);

        Assert.Equal(1, recorder.Sum("starplatform.awards.revoked", "stars=4"));
        Assert.Equal(1, recorder.Sum("starplatform.awards.revoked"));
    }

    private async Task DecideOnViolationAsync(Guid awardId, Guid unitId, bool confirmed)
    {
        await awards.PublishAsync(AwardsFixture.Violation(unitId));
        var approver = awards.As("approver");
        await Eventually.HoldsAsync(async () =>
                (await approver.GetJsonAsync($"/api/awards/revocations?status=pending&awardId={awardId}")).Items().Any(),
            AwardsFixture.Delivery, $"a pending revocation of {awardId}");
        Assert.Equal(HttpStatusCode.OK, (await approver.DecideAsync(awardId, confirmed, comment: "核查")).StatusCode);
    }
}
