using StarPlatform.Gateway;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayServices();

var app = builder.Build();
app.MapDefaultEndpoints(checkText: false);
app.UseGatewayAccess();
app.MapApiReference();
app.MapProxyWithBackendErrors();

app.Run();
