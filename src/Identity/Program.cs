using StarPlatform.Identity;
using StarPlatform.Identity.Apis;
using StarPlatform.Identity.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddIdentityServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapConnectApi();

await app.RunOrMigrateAsync<IdentityDbContext>(args);
