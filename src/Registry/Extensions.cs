using StarPlatform.Registry.Apis;
using StarPlatform.Registry.Data;

namespace StarPlatform.Registry;

public static class Extensions
{
    public static IHostApplicationBuilder AddRegistryServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<RegistryDbContext>("registry-db");
        builder.AddServiceMessaging<RegistryDbContext>("registry");
        builder.AddServiceAuthentication();
        builder.Services.AddExpiredRowsPurge<RegistryDbContext, IdempotencyRecord>(r => r.CreatedAt, IdempotencyFilter.Retention);
        builder.Services.AddOpenApi();
        return builder;
    }

    public static IEndpointRouteBuilder MapRegistryApi(this IEndpointRouteBuilder app) => app
        .MapCentersApi()
        .MapWindowsApi()
        .MapOutletsApi()
        .MapUnitsApi();
}
