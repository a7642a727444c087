using StarPlatform.Complaints.Consumers;
using StarPlatform.Complaints.Data;

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
        return builder;
    }
}
