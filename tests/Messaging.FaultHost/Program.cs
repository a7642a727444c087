using StarPlatform.Messaging.FaultHost;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<FaultDbContext>("fault-db");
builder.AddServiceMessaging<FaultDbContext>("fault", bus => bus.AddConsumer<WrittenConsumer>());

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapPost("/writes/{sequence:int}", WritesApi.Write);

await app.EnsureDatabaseAsync();
await app.RunAsync();
