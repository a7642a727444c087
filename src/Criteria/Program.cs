using StarPlatform.Criteria;
using StarPlatform.Criteria.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddCriteriaServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapOpenApi();

await app.RunOrMigrateAsync<CriteriaDbContext>(args);
