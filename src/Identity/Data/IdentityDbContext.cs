using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using StarPlatform.Identity.Model;
using StarPlatform.Messaging;

namespace StarPlatform.Identity.Data;

/// <summary>
/// OpenIddict's applications (clients with their actors), authorizations, scopes and tokens; the
/// directory of people; the outbox their changes leave through.
/// </summary>
public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options) : DbContext(options)
{
    public DbSet<Person> People => Set<Person>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseOpenIddict();
        // snake_case like every other table of the suite (OpenIddict names its tables in PascalCase).
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreApplication>().ToTable("openiddict_applications");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreAuthorization>().ToTable("openiddict_authorizations");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreScope>().ToTable("openiddict_scopes");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreToken>().ToTable("openiddict_tokens");
        modelBuilder.Entity<Person>(b =>
        {
            b.ToTable("people");
            b.HasAssignedKey(p => p.Id);
            b.Property(p => p.DisplayName).HasMaxLength(Person.MaxDisplayNameLength);
        });
        // The outbox (changes to people), and the lease token pruning runs under.
        modelBuilder.AddMessaging();
    }
}
