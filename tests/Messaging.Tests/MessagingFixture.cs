using StarPlatform.Testing;

namespace StarPlatform.Messaging.Tests;

/// <summary>Real PostgreSQL and RabbitMQ, started once for all messaging tests.</summary>
public sealed class MessagingFixture : IAsyncLifetime
{
    public LocalInfrastructure Infrastructure { get; private set; } = null!;

    public async Task InitializeAsync() => Infrastructure = await LocalInfrastructure.StartAsync();

    public async Task DisposeAsync() => await Infrastructure.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class MessagingCollection : ICollectionFixture<MessagingFixture>
{
    public const string Name = "messaging";
}
