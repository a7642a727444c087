using Microsoft.AspNetCore.DataProtection;
using StarPlatform.Complaints.Apis;
using StarPlatform.Complaints.Consumers;
using StarPlatform.Complaints.Data;
using StarPlatform.Complaints.Deadlines;
using StarPlatform.Complaints.Model;

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
        builder.AddServiceAuthentication();
        builder.Services.AddOpenApi();
        builder.Services.AddOptions<ComplaintDeadlines>().BindConfiguration(ComplaintDeadlines.Section)
            .Validate(d => d.AcknowledgeWorkingDays >= 0 && d.ConcludeWorkingDays >= d.AcknowledgeWorkingDays,
                "Deadlines are whole working days, the conclusion no earlier than the acknowledgement.")
            .ValidateOnStart();
        // Callers' identities are encrypted with keys kept in the service's own database, so every
        // replica and every restart reads the same key ring.
        builder.Services.AddDataProtection().SetApplicationName("starplatform-complaints").PersistKeysToDbContext<ComplaintsDbContext>();
        builder.Services.AddSingleton<CallerProtection>();
        builder.Services.AddOptions<OverdueSweepOptions>().BindConfiguration(OverdueSweepOptions.Section);
        builder.Services.AddHostedService<OverdueSweeper>();
        return builder;
    }
}
