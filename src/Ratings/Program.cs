using StarPlatform.Ratings;
using StarPlatform.Ratings.Apis;
using StarPlatform.Ratings.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRatingsServices();

var app = builder.Build();
if (args is ["rebuild-rates", ..])
{
    return await RatesRebuild.CommandAsync(app.Services);
}

app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapDeviceApi();
app.MapRatingsApi();
app.MapRectificationApi();

await app.RunOrMigrateAsync<RatingsDbContext>(args);
return 0;
