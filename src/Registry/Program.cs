using StarPlatform.Registry;
using StarPlatform.Registry.Apis;
using StarPlatform.Registry.Data;

if (args is ["seed-dev", ..])
{
    // Development data through the gateway, as an admin client would load it (README: walkthrough).
    return await DevelopmentData.RunAsync(args[1..]);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRegistryServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapRegistryApi();

await app.RunOrMigrateAsync<RegistryDbContext>(args);
return 0;
