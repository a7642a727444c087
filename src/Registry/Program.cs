using StarPlatform.Registry;
using StarPlatform.Registry.Apis;
using StarPlatform.Registry.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRegistryServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapCentersApi();

await app.RunOrMigrateAsync<RegistryDbContext>(args);
