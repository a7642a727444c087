using StarPlatform.OpenApi;
using Microsoft.AspNetCore.DataProtection;
using StarPlatform.Complaints.Apis;
using StarPlatform.Complaints.Data;
using StarPlatform.Complaints.Deadlines;
using StarPlatform.Complaints.Model;
using StarPlatform.RegistryReplica;

namespace StarPlatform.Complaints;

public static class Extensions
{
    public static IHostApplicationBuilder AddComplaintsServices(this IHostApplicationBuilder builder)
    {
        builder.AddDomainService<ComplaintsDbContext>("complaints", bus =>
        {
            bus.AddRegistryReplica();
            bus.AddConsumer<Consumers.PeopleConsumer>();
        });
        builder.Services.AddApiText(Apis.ComplaintsApiText.Text);
        builder.Services.AddOptions<ComplaintDeadlines>().BindConfiguration(ComplaintDeadlines.Section)
            .Validate(d => d.AcknowledgeWorkingDays >= 0 && d.ConcludeWorkingDays >= d.AcknowledgeWorkingDays && d.AppealWorkingDays >= 0,
                "Deadlines are whole working days, the conclusion no earlier than the acknowledgement.")
            .ValidateOnStart();
        // Callers' identities are encrypted with keys kept in the service's own database, so every
        // replica and every restart reads the same key ring.
        builder.Services.AddDataProtection().SetApplicationName("starplatform-complaints").PersistKeysToDbContext<ComplaintsDbContext>();
        builder.Services.AddSingleton<CallerProtection>();
        builder.Services.AddSingleton<CallerSearchKey>();
        builder.Services.AddSingleton<ComplaintsMetrics>();
        builder.Services.AddScoped<Intake>();
        builder.Services.AddOutboxSweeper<OverdueSweeper>("Complaints:Overdue");
        builder.Services.AddExpiredRowsPurge<ComplaintsDbContext, IdempotencyRecord>(r => r.CreatedAt, Intake.IdempotencyRetention);
        return builder;
    }
}
