using StarPlatform.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);
var settings = InfrastructureSettings.From(builder.Configuration, builder.AppHostDirectory);
var infrastructure = builder.AddStarInfrastructure(settings);

var identity = builder.AddIdentityServer(settings, infrastructure);
var registry = builder.AddStarService<Projects.Registry_Api>("registry", infrastructure, identity);
var criteria = builder.AddStarService<Projects.Criteria_Api>("criteria", infrastructure, identity);
var scoring = builder.AddStarService<Projects.Scoring_Api>("scoring", infrastructure, identity);
var complaints = builder.AddStarService<Projects.Complaints_Api>("complaints", infrastructure, identity);
var awards = builder.AddStarService<Projects.Awards_Api>("awards", infrastructure, identity);
// The catalog's seed versions leave its outbox as soon as it runs: Scoring's queue must be bound
// first, or RabbitMQ drops the very first CriteriaVersionPublished events (no queue yet).
criteria.WaitFor(scoring);

var console = builder.AddConsole(settings);

builder.AddGateway(settings, identity, registry, criteria, scoring, complaints, awards, console);

builder.Build().Run();
settings.StopLeftovers();
