using StarPlatform.OpenApi;
using StarPlatform.Http;
using StarPlatform.RegistryReplica;
using StarPlatform.Scoring.Apis;
using StarPlatform.Scoring.Consumers;
using StarPlatform.Scoring.Data;
using StarPlatform.Scoring.Evaluations;
using StarPlatform.Scoring.Model;

namespace StarPlatform.Scoring;

public static class Extensions
{
    public static IHostApplicationBuilder AddScoringServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddApiText(ScoringApiText.Text);
        builder.AddDomainService<ScoringDbContext>("scoring", bus =>
        {
            bus.AddRegistryReplica();
            bus.AddConsumer<CriteriaVersionPublishedConsumer>();
            bus.AddConsumer<StarSchemePublishedConsumer>();
            bus.AddConsumer<FindingsConsumer>();
            bus.AddConsumer<StarRevokedConsumer>();
            bus.AddConsumer<SatisfactionMappingPublishedConsumer>();
            bus.AddConsumer<UnitMonthRatingsChangedConsumer>();
        });
        builder.Services.AddOptions<CycleOptions>().BindConfiguration(CycleOptions.Section)
            .Validate(o => o.IntervalYears >= 1, "Cycles are at least a year apart.").ValidateOnStart();
        builder.Services.AddScoped<EvaluationStore>();
        builder.Services.AddScoped<SatisfactionStore>();
        builder.Services.AddExpiredRowsPurge<ScoringDbContext, IdempotencyRecord>(r => r.CreatedAt, IdempotencyKey.Retention);
        builder.Services.AddMetricsAtStart<ScoringMetrics>();
        return builder;
    }

    public static WebApplication MapScoringApi(this WebApplication app)
    {
        app.MapCyclesApi();
        app.MapApplicationsApi();
        app.MapApplicationReadsApi();
        app.MapSatisfactionApi();
        app.MapPanelApi();
        return app;
    }
}
