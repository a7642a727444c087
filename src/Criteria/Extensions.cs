using StarPlatform.OpenApi;
using StarPlatform.Criteria.Data;

namespace StarPlatform.Criteria;

public static class Extensions
{
    public static IHostApplicationBuilder AddCriteriaServices(this IHostApplicationBuilder builder)
    {
        builder.AddDomainService<CriteriaDbContext>("criteria");
        builder.Services.AddApiText(Apis.CriteriaApiText.Text);
        return builder;
    }
}
