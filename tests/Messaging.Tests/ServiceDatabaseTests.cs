using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace StarPlatform.Messaging.Tests;

/// <summary>How <c>AddServiceDatabase</c> sets up a service's connections.</summary>
public sealed class ServiceDatabaseTests
{
    [Fact]
    public void Pooled_connections_are_not_reset_per_consume_unless_the_connection_string_asks_for_it()
    {
        Assert.True(Effective("Host=127.0.0.1;Username=u;Database=d").NoResetOnClose);
        Assert.False(Effective("Host=127.0.0.1;Username=u;Database=d;No Reset On Close=false").NoResetOnClose);
    }

    [Fact]
    public void Idle_pooled_connections_are_closed_after_15_minutes_unless_the_connection_string_says_otherwise()
    {
        Assert.Equal(900, Effective("Host=127.0.0.1;Username=u;Database=d").ConnectionIdleLifetime);
        Assert.Equal(60, Effective("Host=127.0.0.1;Username=u;Database=d;Connection Idle Lifetime=60").ConnectionIdleLifetime);
    }

    [Fact]
    public void Repeated_statements_are_prepared()
    {
        var settings = Effective("Host=127.0.0.1;Username=u;Database=d");
        Assert.Equal(64, settings.MaxAutoPrepare);
        Assert.Equal(2, settings.AutoPrepareMinUsages);
    }

    /// <summary>The connection string the service's DbContext really uses.</summary>
    private static NpgsqlConnectionStringBuilder Effective(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:counter-db"] = connectionString;
        builder.AddServiceDatabase<CounterDbContext>("counter-db");
        using var host = builder.Build();
        using var scope = host.Services.CreateScope();
        return new NpgsqlConnectionStringBuilder(scope.ServiceProvider.GetRequiredService<CounterDbContext>().Database.GetConnectionString());
    }
}
