using Microsoft.Extensions.DependencyInjection;
using StarPlatform.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);
var settings = InfrastructureSettings.From(builder.Configuration, builder.AppHostDirectory);
var infrastructure = builder.AddStarInfrastructure(settings);
builder.AddSupervision();

var identity = builder.AddIdentityServer(settings, infrastructure);
var registry = builder.AddStarService<Projects.Registry_Api>("registry", infrastructure, identity);
var criteria = builder.AddStarService<Projects.Criteria_Api>("criteria", infrastructure, identity);
var scoring = builder.AddStarService<Projects.Scoring_Api>("scoring", infrastructure, identity);
var complaints = builder.AddStarService<Projects.Complaints_Api>("complaints", infrastructure, identity);
var awards = builder.AddStarService<Projects.Awards_Api>("awards", infrastructure, identity);
var ratings = builder.AddStarService<Projects.Ratings_Api>("ratings", infrastructure, identity);
infrastructure.DeclareTopologyBeforePublishing();

var console = builder.AddConsole(settings);

builder.AddGateway(settings, identity, registry, criteria, scoring, complaints, awards, ratings, console);

var app = builder.Build();
try
{
    StartupChecks.Run(settings, app.Services.GetRequiredService<DistributedApplicationModel>(), builder.Configuration);
}
catch (StartupCheckException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

app.Run();
settings.StopLeftovers();
return 0;
