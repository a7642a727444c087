using StarPlatform.OpenApi;
using StarPlatform.Criteria.Data;
using StarPlatform.Http;

namespace StarPlatform.Criteria;

public static class Extensions
{
    public static IHostApplicationBuilder AddCriteriaServices(this IHostApplicationBuilder builder)
    {
        builder.AddDomainService<CriteriaDbContext>("criteria");
        builder.Services.AddApiText(Apis.CriteriaApiText.Text);
        builder.Services.AddExpiredRowsPurge<CriteriaDbContext, IdempotencyRecord>(r => r.CreatedAt, IdempotencyKey.Retention);
        return builder;
    }
}
