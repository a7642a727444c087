using StarPlatform.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);
var settings = InfrastructureSettings.From(builder.Configuration, builder.AppHostDirectory);
var infrastructure = builder.AddStarInfrastructure(settings);

var registry = builder.AddStarService<Projects.Registry_Api>("registry", infrastructure);
var criteria = builder.AddStarService<Projects.Criteria_Api>("criteria", infrastructure);
var scoring = builder.AddStarService<Projects.Scoring_Api>("scoring", infrastructure);
var complaints = builder.AddStarService<Projects.Complaints_Api>("complaints", infrastructure);
var awards = builder.AddStarService<Projects.Awards_Api>("awards", infrastructure);

builder.AddGateway(settings, registry, criteria, scoring, complaints, awards);

builder.Build().Run();
settings.StopLeftovers();
