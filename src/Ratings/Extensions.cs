using Microsoft.AspNetCore.DataProtection;
using StarPlatform.OpenApi;
using StarPlatform.Ratings.Apis;
using StarPlatform.Ratings.Data;
using StarPlatform.Ratings.Deadlines;
using StarPlatform.Ratings.Model;
using StarPlatform.RegistryReplica;

namespace StarPlatform.Ratings;

public static class Extensions
{
    public static IHostApplicationBuilder AddRatingsServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddApiText(RatingsApiText.Text);
        builder.AddDomainService<RatingsDbContext>("ratings", bus => bus.AddRegistryReplica());
        builder.Services.AddOptions<RatingOptions>().BindConfiguration(RatingOptions.Section)
            .Validate(o => o.RatingWindowDays is >= 1 and <= 366, "Ratings:RatingWindowDays is 1 to 366.")
            .Validate(o => o.ReportWindowDays >= o.RatingWindowDays && o.ReportWindowDays <= 3660, "Ratings:ReportWindowDays is at least RatingWindowDays and at most 3660.")
            .Validate(o => o.MaxBatchRecords is >= 1 and <= 10_000, "Ratings:MaxBatchRecords is 1 to 10000.")
            .Validate(o => o.CallbackWorkingDays is >= 0 and <= 30, "Ratings:CallbackWorkingDays is 0 to 30.")
            .Validate(o => o.RectifyWorkingDays >= o.CallbackWorkingDays && o.RectifyWorkingDays <= 90, "Ratings:RectifyWorkingDays is at least CallbackWorkingDays and at most 90.")
            .ValidateOnStart();
        builder.Services.AddDataProtection().SetApplicationName("starplatform-ratings").PersistKeysToDbContext<RatingsDbContext>();
        builder.Services.AddSingleton<ContactProtection>();
        builder.Services.AddScoped<RatingWriter>();
        builder.Services.AddSingleton<RatingsMetrics>();
        builder.Services.AddOutboxSweeper<RectificationSweeper>("Ratings:Overdue");
        builder.Services.AddOutboxSweeper<MonthAnnouncer>(MonthAnnouncer.Section, MonthAnnouncer.Defaults);
        return builder;
    }
}
