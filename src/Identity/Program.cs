using StarPlatform.Identity;
using StarPlatform.Identity.Apis;
using StarPlatform.Identity.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddIdentityServices();

var app = builder.Build();
app.MapDefaultEndpoints();
// OpenIddict reads /connect/* in the authentication middleware: placed here, after the exception handler and the
// text checks (not before them, where the host would put it), a malformed form is refused as invalid_request
// and a fault leaves as a bare 500 problem, never as the developer page's stack trace and headers.
app.UseAuthentication();
// After authentication (the host would otherwise put authorization first, before the user is known).
app.UseAuthorization();
app.MapConnectApi();
app.MapOpenApi();
app.MapPeopleApi();

await app.RunOrMigrateAsync<IdentityDbContext>(args);
