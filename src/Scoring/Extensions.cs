using StarPlatform.Scoring.Consumers;
using StarPlatform.Scoring.Data;

namespace StarPlatform.Scoring;

public static class Extensions
{
    public static IHostApplicationBuilder AddScoringServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<ScoringDbContext>("scoring-db");
        builder.AddServiceMessaging<ScoringDbContext>("scoring", bus =>
        {
            bus.AddConsumer<CenterRegisteredConsumer>();
            bus.AddConsumer<CriteriaVersionPublishedConsumer>();
            bus.AddConsumer<RegistryUnitsConsumer>();
        });
        builder.AddServiceAuthentication();
        builder.Services.AddOpenApi();
        return builder;
    }
}
