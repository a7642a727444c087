using StarPlatform.Gateway;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseGatewayAccess();
app.MapApiReference();
app.MapProxyWithBackendErrors();

app.Run();
