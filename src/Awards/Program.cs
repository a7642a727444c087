using StarPlatform.Awards;
using StarPlatform.Awards.Apis;
using StarPlatform.Awards.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAwardsServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapAwardsApi();
app.MapRevocationsApi();

await app.RunOrMigrateAsync<AwardsDbContext>(args);
