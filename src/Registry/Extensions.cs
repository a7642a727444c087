using StarPlatform.OpenApi;
using StarPlatform.Http;
using StarPlatform.Registry.Apis;
using StarPlatform.Registry.Data;

namespace StarPlatform.Registry;

public static class Extensions
{
    public static IHostApplicationBuilder AddRegistryServices(this IHostApplicationBuilder builder)
    {
        builder.AddDomainService<RegistryDbContext>("registry");
        builder.Services.AddApiText(RegistryApiText.Text);
        builder.Services.AddExpiredRowsPurge<RegistryDbContext, IdempotencyRecord>(r => r.CreatedAt, IdempotencyKey.Retention);
        return builder;
    }

    public static IEndpointRouteBuilder MapRegistryApi(this IEndpointRouteBuilder app) => app
        .MapCentersApi()
        .MapWindowsApi()
        .MapOutletsApi()
        .MapUnitsApi();
}
