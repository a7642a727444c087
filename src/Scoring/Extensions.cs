using StarPlatform.Messaging;
using StarPlatform.Scoring.Apis;
using StarPlatform.Scoring.Consumers;
using StarPlatform.Scoring.Data;
using StarPlatform.Scoring.Evaluations;
using StarPlatform.Scoring.Model;
using StarPlatform.Scoring.StateMachines;

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
            bus.AddConsumer<FindingsConsumer>();
            bus.AddSagaStateMachine<EvaluationStateMachine, EvaluationState>().StoreInServiceDatabase();
        });
        builder.AddServiceAuthentication();
        builder.Services.AddOpenApi();
        builder.Services.AddOptions<StarScheme>().BindConfiguration(StarScheme.Section)
            .PostConfigure(s => s.WithSeedDefaults())
            .Validate(s => s.Thresholds.Count > 0 && s.Creation + s.Satisfaction + s.Panel == 100, "The three components make 100 and there is a threshold.")
            .ValidateOnStart();
        builder.Services.AddOptions<CycleOptions>().BindConfiguration(CycleOptions.Section)
            .Validate(o => o.IntervalYears >= 1, "Cycles are at least a year apart.").ValidateOnStart();
        builder.Services.AddOptions<OutsideVetoOptions>().BindConfiguration(OutsideVetoOptions.Section).PostConfigure(o => o.WithSeedDefaults());
        builder.Services.AddScoped<EvaluationStore>();
        return builder;
    }

    public static WebApplication MapScoringApi(this WebApplication app)
    {
        app.MapCyclesApi();
        app.MapApplicationsApi();
        app.MapApplicationReadsApi();
        app.MapPanelApi();
        return app;
    }
}
