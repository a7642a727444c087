using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using StarPlatform.Messaging;

namespace StarPlatform.Identity.Data;

/// <summary>OpenIddict's applications (clients with their actors), authorizations, scopes and tokens.</summary>
public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseOpenIddict();
        // snake_case like every other table of the suite (OpenIddict names its tables in PascalCase).
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreApplication>().ToTable("openiddict_applications");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreAuthorization>().ToTable("openiddict_authorizations");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreScope>().ToTable("openiddict_scopes");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreToken>().ToTable("openiddict_tokens");
        // Token pruning is a periodic job: one turn per period across copies, under a lease.
        modelBuilder.AddPeriodicJobLeases();
    }
}
