using StarPlatform.Criteria;
using StarPlatform.Criteria.Apis;
using StarPlatform.Criteria.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddCriteriaServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapCriteriaApi();
app.MapCatalogEditingApi();
app.MapSchemesApi();
app.MapSatisfactionMappingsApi();

await app.RunOrMigrateAsync<CriteriaDbContext>(args);
if (args.Contains("migrate", StringComparer.OrdinalIgnoreCase))
{
    // The migrate step also loads the seed's sets and star scheme (once, before any replica starts).
    await CatalogSeed.LoadAsync(app.Services);
}
