using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using StarPlatform.Identity.Model;
using StarPlatform.Messaging;

namespace StarPlatform.Identity.Data;

/// <summary>
/// Development only: creates the Development clients, or brings them back to the catalog
/// (secret, role, actor, the applicant's unit), and the Development directory of people
/// (<see cref="DevelopmentPeopleSeeder"/>). Runs before the server takes requests.
/// </summary>
internal sealed class DevelopmentClientSeeder(
    IServiceScopeFactory scopes, IOptions<IdentityServerSettings> settings, ILogger<DevelopmentClientSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var development = settings.Value.Development;

        var descriptors = DevelopmentClients.All
            .Select(c => DevelopmentClients.Descriptor(c, development.ApplicantUnitId))
            .Append(DevelopmentClients.ConsoleDescriptor(development.ConsoleRedirect(new Uri(settings.Value.Issuer))));
        foreach (var descriptor in descriptors)
        {
            var existing = await applications.FindByClientIdAsync(descriptor.ClientId!, cancellationToken);
            if (existing is null)
            {
                await applications.CreateAsync(descriptor, cancellationToken);
            }
            else
            {
                await applications.UpdateAsync(existing, descriptor, cancellationToken);
            }
        }

        var people = await DevelopmentPeopleSeeder.SeedAsync(scope.ServiceProvider.GetRequiredService<IdentityDbContext>(),
            scope.ServiceProvider.GetRequiredService<IOutbox>(), TimeProvider.System.GetUtcNow(), cancellationToken);
        logger.LogInformation("Development directory: {People} people, {Changed} entered or changed", DevelopmentPeople.All.Count, people);

        logger.LogInformation("Development clients ready: {Clients}; dev-applicant acts for unit {UnitId}",
            string.Join(", ", DevelopmentClients.All.Select(c => c.ClientId).Append(DevelopmentClients.ConsoleClientId)),
            development.ApplicantUnitId);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
