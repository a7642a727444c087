using StarPlatform.Complaints;
using StarPlatform.Complaints.Apis;
using StarPlatform.Complaints.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddComplaintsServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapComplaintsApi();
app.MapCaseTrackingApi();
app.MapCaseStepsApi();
app.MapCaseListApi();
app.MapOpen311Api();

await app.RunOrMigrateAsync<ComplaintsDbContext>(args);
