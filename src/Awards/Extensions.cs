using StarPlatform.Awards.Consumers;
using StarPlatform.Awards.Data;

namespace StarPlatform.Awards;

public static class Extensions
{
    public static IHostApplicationBuilder AddAwardsServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<AwardsDbContext>("awards-db");
        builder.AddServiceMessaging<AwardsDbContext>("awards", bus => bus.AddConsumer<RegistryUnitsConsumer>());
        builder.AddServiceAuthentication();
        builder.Services.AddOpenApi();
        return builder;
    }
}
