using StarPlatform.OperatorConsole;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddConsoleServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseConsolePipeline();
app.MapConsole();

app.Run();
