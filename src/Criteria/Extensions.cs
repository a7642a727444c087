using StarPlatform.Criteria.Data;

namespace StarPlatform.Criteria;

public static class Extensions
{
    public static IHostApplicationBuilder AddCriteriaServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<CriteriaDbContext>("criteria-db");
        builder.AddServiceMessaging<CriteriaDbContext>("criteria");
        builder.AddServiceAuthentication();
        builder.Services.AddOpenApi();
        return builder;
    }
}
