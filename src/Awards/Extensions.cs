using StarPlatform.OpenApi;
using StarPlatform.Awards.Consumers;
using StarPlatform.Awards.Data;
using StarPlatform.Awards.Expiry;
using StarPlatform.Awards.Model;
using StarPlatform.RegistryReplica;

namespace StarPlatform.Awards;

public static class Extensions
{
    public static IHostApplicationBuilder AddAwardsServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddApiText(Apis.AwardsApiText.Text);
        builder.AddDomainService<AwardsDbContext>("awards", bus =>
        {
            bus.AddRegistryReplica();
            bus.AddConsumer<EvaluationApprovedConsumer>();
            bus.AddConsumer<ComplaintSubstantiatedConsumer>();
            bus.AddConsumer<ViolationConfirmedConsumer>();
            bus.AddConsumer<FindingReversedConsumer>();
        });
        builder.Services.AddOptions<AwardOptions>().BindConfiguration(AwardOptions.Section)
            .Validate(o => o.TermYears >= 1, "An award's term is at least one year.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.PlaquePrefix) && o.PlaquePrefix.Length <= 8, "The plaque prefix has 1 to 8 characters.")
            .Validate(o => o.Funding.IsValid(), "Funding amounts are zero or more, for 5, 4 or 3 stars.")
            .ValidateOnStart();
        builder.Services.AddSingleton<AwardsMetrics>();
        builder.Services.AddOutboxSweeper<ExpirySweeper>("Awards:Expiry");
        return builder;
    }
}
