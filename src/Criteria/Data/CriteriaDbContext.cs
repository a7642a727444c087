using Microsoft.EntityFrameworkCore;
using StarPlatform.Messaging;

namespace StarPlatform.Criteria.Data;

/// <summary>The criteria service's own database; for now it holds the outbox and inbox only.</summary>
public sealed class CriteriaDbContext(DbContextOptions<CriteriaDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddMessaging();
}
