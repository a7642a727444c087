using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using StarPlatform.Messaging;

namespace Microsoft.Extensions.Hosting;

/// <summary>How the bus starts: consuming (the service) or only declaring its topology (the migrate step).</summary>
internal sealed class BusDeployment
{
    public bool TopologyOnly { get; set; }

    /// <summary>The service's name: its queues' prefix and its dead-letter endpoints' path.</summary>
    public string? Service { get; init; }

    /// <summary>The service's own queues, as the bus configuration names them.</summary>
    public List<string> Queues { get; } = [];
}

/// <summary>The database and the bus, set up the same way in every service.</summary>
public static class ServiceDataExtensions
{
    /// <summary>The connection string name of RabbitMQ in the AppHost.</summary>
    public const string MessagingConnectionName = "messaging";

    /// <summary>
    /// The service's own PostgreSQL database: pooled DbContext, snake_case names, the outbox
    /// wake-up, Npgsql/EF telemetry and a health check. Retries on failure are off because
    /// the outbox relay and consumers use explicit transactions.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TDbContext>(this IHostApplicationBuilder builder, string connectionName)
        where TDbContext : DbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"Connection string '{connectionName}' is missing (the AppHost provides it).");

        // Statements a service runs over and over (inbox check, saga load, outbox claim) are
        // prepared once per connection instead of parsed and planned every time.
        var npgsql = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (npgsql.MaxAutoPrepare == 0)
        {
            npgsql.MaxAutoPrepare = 64;
            npgsql.AutoPrepareMinUsages = 2;
        }

        // Every consumed message borrows a pooled connection once; resetting its session state on
        // each return costs the server a handful of statements per message. Nothing of ours sets
        // session state (no SET, LISTEN, session advisory locks or temporary tables; transaction-scoped
        // advisory locks end with their transaction), so there is nothing to reset.
        // (NpgsqlConnectionStringBuilder.ContainsKey is true for every keyword it knows, so the
        // connection string as given is asked whether it chose a setting itself.)
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            npgsql.NoResetOnClose = true;
        }

        // Npgsql closes the connections its pool kept idle (by median over the lifetime, sampled every
        // 10 s) — by default after 300 s. Under load the pool then opens them again in the next burst,
        // each with its SCRAM handshake, a new backend and statements to prepare again: IntakeBench
        // saw a 1.4–2.2 s stall about 5.5 min after every suite start at 600/s, and none with 900 s.
        if (!given.ContainsKey("Connection Idle Lifetime") && !given.ContainsKey("ConnectionIdleLifetime"))
        {
            npgsql.ConnectionIdleLifetime = 900;
        }

        builder.Services.AddDbContextPool<TDbContext>((services, options) => options
            .UseNpgsql(npgsql.ConnectionString)
            .UseSnakeCaseNamingConvention()
            .UseOutboxSignal(services));
        // Aspire's own DbContext check is replaced by ours: a SELECT 1 with a timeout, named "database".
        builder.EnrichNpgsqlDbContext<TDbContext>(settings =>
        {
            settings.DisableRetry = true;
            settings.DisableHealthChecks = true;
        });
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck<TDbContext>>(ServiceHealth.DatabaseCheckName, tags: [ServiceHealth.ReadyTag]);
        // The service's context as DbContext too: what shared code (outbox, periodic job leases) asks for.
        builder.Services.TryAddScoped<DbContext>(services => services.GetRequiredService<TDbContext>());
        return builder;
    }

    /// <summary>
    /// MassTransit on RabbitMQ with the transactional outbox and inbox on <typeparamref name="TDbContext"/>.
    /// Queues are prefixed with the service name, so two services consuming the same event each
    /// get their own copy.
    /// </summary>
    public static IHostApplicationBuilder AddServiceMessaging<TDbContext>(
        this IHostApplicationBuilder builder, string serviceName, Action<IBusRegistrationConfigurator>? configure = null)
        where TDbContext : DbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(MessagingConnectionName)
            ?? throw new InvalidOperationException($"Connection string '{MessagingConnectionName}' is missing (the AppHost provides it).");

        builder.Services.AddOutbox<TDbContext>();
        builder.Services.Configure<OutboxOptions>(builder.Configuration.GetSection("Outbox"));
        builder.Services.AddHealthChecks()
            .AddCheck<OutboxHealthCheck>(ServiceHealth.OutboxCheckName, tags: [ServiceHealth.InformationalTag]);
        var deployment = new BusDeployment { Service = serviceName };
        builder.Services.AddSingleton(deployment);
        builder.Services.AddSingleton<DeadLetters>();
        builder.Services.AddMetricsAtStart<QueueMetrics>();
        builder.Services.AddMassTransit(x =>
        {
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            // A service's own queues are quorum queues (replicated where the broker is a cluster;
            // RabbitMQ 3.10+). Temporary ones (auto-delete) cannot be and stay classic.
            x.AddConfigureEndpointsCallback((name, endpoint) =>
            {
                // No Fault<T> events: nothing consumes them, and once the retries have run out the
                // consume's transaction and its DbContext are gone, so the fault cannot go through
                // the outbox. Publishing it failed on the disposed DbContext, and the message then
                // reached <queue>_error with that ObjectDisposedException in its MT-Fault-* headers
                // instead of the consumer's own exception, which is what ops read there.
                endpoint.PublishFaults = false;
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit && !name.EndsWith("_error", StringComparison.Ordinal))
                {
                    rabbit.SetQuorumQueue();
                    deployment.Queues.Add(name);
                }
            });
            // MassTransit's bus check (connection and receive endpoints): Unhealthy while the broker is away.
            x.ConfigureHealthCheckOptions(o =>
            {
                o.Name = ServiceHealth.BrokerCheckName;
                o.MinimalFailureStatus = Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy;
                o.Tags.Add(ServiceHealth.ReadyTag);
            });
            configure?.Invoke(x);
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(new Uri(connectionString));
                // The migrate step declares the queues and their bindings and consumes nothing.
                cfg.DeployTopologyOnly = deployment.TopologyOnly;
                // Outer: transient faults (database restarting, broker briefly away) — about 40 s in all.
                cfg.UseMessageRetry(r => r.Intervals(100, 500, 1000, 2000, 5000, 10000, 20000));
                // Inner: optimistic-concurrency conflicts on saga state, retried quickly with jitter.
                cfg.UseMessageRetry(r =>
                {
                    r.Handle<DbUpdateConcurrencyException>();
                    r.Handle<DbUpdateException>(ex => ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation });
                    r.Exponential(30, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(15));
                });
                cfg.UseConsumeFilter(typeof(TransactionalConsumeFilter<>), context);
                cfg.ConfigureEndpoints(context);
            });
        });
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            // Without it, messages published right after start can be dropped before queues are bound.
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
            o.StopTimeout = TimeSpan.FromSeconds(10);
        });
        return builder;
    }

    /// <summary>
    /// Runs the service, or — with the argument <c>migrate</c> — applies its database migrations,
    /// declares its broker topology (queues, their bindings to the events they consume: exactly
    /// what the service declares when it starts, through MassTransit's <c>DeployTopologyOnly</c>)
    /// and exits. The AppHost runs every migrate step before any service starts, so replicas never
    /// race to migrate and no event is published before its consumers' queues exist.
    /// </summary>
    public static async Task RunOrMigrateAsync<TDbContext>(this WebApplication app, string[] args)
        where TDbContext : DbContext
    {
        if (!args.Contains("migrate", StringComparer.OrdinalIgnoreCase))
        {
            await app.RunAsync();
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Migrations");
        // EF Core would log "An error occurred using the connection" (Error) while it finds that the
        // database does not exist yet on a first start: create it here first, quietly.
        await CreateDatabaseIfMissingAsync(db.Database.GetConnectionString()!, logger);
        // Likewise the history table: reading a missing one logs "Failed executing DbCommand" (Error).
        await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IHistoryRepository>().CreateIfNotExistsAsync();
        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        logger.LogInformation("Applying {Count} migration(s) to {Database}: {Migrations}",
            pending.Count, db.Database.GetDbConnection().Database, string.Join(", ", pending));
        await db.Database.MigrateAsync();
        logger.LogInformation("Database {Database} is up to date", db.Database.GetDbConnection().Database);

        await app.Services.DeployBrokerTopologyAsync(app.Configuration, logger);
    }

    /// <summary>
    /// Declares the service's exchanges, queues and bindings on the broker (what its bus declares
    /// when it starts, from the same configuration) without consuming anything. Nothing to do for a
    /// service without a bus. Must run before the service's bus has been used.
    /// </summary>
    public static async Task DeployBrokerTopologyAsync(this IServiceProvider services, IConfiguration configuration, ILogger logger)
    {
        if (services.GetService<BusDeployment>() is not { } deployment)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        deployment.TopologyOnly = true;
        // Resolving the bus configures it: the endpoints name their queues.
        var bus = services.GetRequiredService<IBusControl>();
        var broker = new Uri(configuration.GetConnectionString(MessagingConnectionName)!);
        await QuorumQueues.WaitForBrokerAsync(broker, logger, timeout.Token);
        await QuorumQueues.ConvertClassicQueuesAsync(broker, deployment.Queues, logger, timeout.Token);
        await bus.DeployAsync(timeout.Token);
        await QuorumQueues.RestoreMessagesAsync(broker, deployment.Queues, logger, timeout.Token);
        logger.LogInformation("Broker topology declared: {Queues}", string.Join(", ", deployment.Queues));
    }

    private static async Task CreateDatabaseIfMissingAsync(string connectionString, ILogger logger)
    {
        var target = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var name = target.Database ?? throw new InvalidOperationException("The connection string names no database.");
        var maintenance = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new Npgsql.NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync();
        await using var exists = new Npgsql.NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.Add(new Npgsql.NpgsqlParameter { Value = name });
        if (await exists.ExecuteScalarAsync() is not null)
        {
            return;
        }

        var quoted = "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
        try
        {
            await create.ExecuteNonQueryAsync();
            logger.LogInformation("Database {Database} created", name);
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.DuplicateDatabase)
        {
            // Another migrate step of the same service created it meanwhile.
        }
    }
}
