using Microsoft.EntityFrameworkCore;
using StarPlatform.Messaging;

namespace StarPlatform.Awards.Data;

/// <summary>The awards service's own database; for now it holds the outbox and inbox only.</summary>
public sealed class AwardsDbContext(DbContextOptions<AwardsDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddMessaging();
}
