using StarPlatform.Scoring;
using StarPlatform.Scoring.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddScoringServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapScoringApi();

await app.RunOrMigrateAsync<ScoringDbContext>(args);
