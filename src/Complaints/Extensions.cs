using MassTransit;
using Microsoft.AspNetCore.DataProtection;
using StarPlatform.Messaging;
using StarPlatform.Complaints.Apis;
using StarPlatform.Complaints.Consumers;
using StarPlatform.Complaints.Data;
using StarPlatform.Complaints.Deadlines;
using StarPlatform.Complaints.Model;
using StarPlatform.Complaints.StateMachines;

namespace StarPlatform.Complaints;

public static class Extensions
{
    public static IHostApplicationBuilder AddComplaintsServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<ComplaintsDbContext>("complaints-db");
        builder.AddServiceMessaging<ComplaintsDbContext>("complaints", bus =>
        {
            bus.AddConsumer<CenterRegisteredConsumer>();
            bus.AddConsumer<RegistryUnitsConsumer>();
        });
        // The case saga takes its commands from the API through the mediator: in-process and
        // awaited, so a refused step is the request's answer; the state stays in the case row,
        // kept by the durable saga repository, and each consume is one transaction with its
        // inbox record and outbox rows (TransactionalConsumeFilter, as on the bus).
        builder.Services.AddMediator(mediator =>
        {
            mediator.AddSagaStateMachine<ComplaintStateMachine, Complaint>().StoreInServiceDatabase();
            mediator.ConfigureMediator((context, cfg) => cfg.UseConsumeFilter(typeof(TransactionalConsumeFilter<>), context));
        });
        builder.AddServiceAuthentication();
        builder.Services.AddOpenApi();
        builder.Services.AddOptions<ComplaintDeadlines>().BindConfiguration(ComplaintDeadlines.Section)
            .Validate(d => d.AcknowledgeWorkingDays >= 0 && d.ConcludeWorkingDays >= d.AcknowledgeWorkingDays && d.AppealWorkingDays >= 0,
                "Deadlines are whole working days, the conclusion no earlier than the acknowledgement.")
            .ValidateOnStart();
        // Callers' identities are encrypted with keys kept in the service's own database, so every
        // replica and every restart reads the same key ring.
        builder.Services.AddDataProtection().SetApplicationName("starplatform-complaints").PersistKeysToDbContext<ComplaintsDbContext>();
        builder.Services.AddSingleton<CallerProtection>();
        builder.Services.AddScoped<Intake>();
        builder.Services.AddOptions<OverdueSweepOptions>().BindConfiguration(OverdueSweepOptions.Section);
        builder.Services.AddHostedService<OverdueSweeper>();
        builder.Services.AddExpiredRowsPurge<ComplaintsDbContext, IdempotencyRecord>(r => r.CreatedAt, Intake.IdempotencyRetention);
        return builder;
    }
}
