using MassTransit;
using StarPlatform.OpenApi;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

public static class DomainServices
{
    /// <summary>
    /// What every domain service behind the gateway starts with: its database (connection
    /// <c>{service}-db</c>), the bus with its outbox (queues prefixed <paramref name="service"/>,
    /// consumers from <paramref name="consumers"/>), token validation and the OpenAPI document (with an ETag and 304
    /// on every public read).
    /// </summary>
    public static IHostApplicationBuilder AddDomainService<TDbContext>(
        this IHostApplicationBuilder builder, string service, Action<IBusRegistrationConfigurator>? consumers = null)
        where TDbContext : DbContext
    {
        builder.AddServiceDatabase<TDbContext>($"{service}-db");
        builder.AddServiceMessaging<TDbContext>(service, consumers);
        builder.AddServiceAuthentication();
        builder.AddApiDocument();
        return builder;
    }
}
