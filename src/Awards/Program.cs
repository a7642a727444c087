using StarPlatform.Awards;
using StarPlatform.Awards.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAwardsServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapOpenApi();

await app.RunOrMigrateAsync<AwardsDbContext>(args);
