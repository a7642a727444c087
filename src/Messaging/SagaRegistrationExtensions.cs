using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StarPlatform.Messaging;

public static class SagaRegistrationExtensions
{
    /// <summary>
    /// Keeps the saga's state in the service's own database (the DbContext given to
    /// <c>AddServiceMessaging</c>); map it with <see cref="AddSagaState{TSaga}"/>.
    /// </summary>
    public static ISagaRegistrationConfigurator<TSaga> StoreInServiceDatabase<TSaga>(this ISagaRegistrationConfigurator<TSaga> saga)
        where TSaga : class, ISaga =>
        saga.Repository(r =>
        {
            r.RegisterSagaRepository<TSaga, DbContext, SagaConsumeContextFactory<DbContext, TSaga>, SagaRepositoryContextFactory<TSaga>>();
            r.RegisterQuerySagaRepository<TSaga, SagaRepositoryContextFactory<TSaga>>();
            r.RegisterLoadSagaRepository<TSaga, SagaRepositoryContextFactory<TSaga>>();
        });

    /// <summary>
    /// Maps a saga's state: keyed by CorrelationId, with PostgreSQL's <c>xmin</c> as the
    /// concurrency token (a shadow property: the saga class needs no version field).
    /// </summary>
    public static EntityTypeBuilder<TSaga> AddSagaState<TSaga>(this ModelBuilder modelBuilder, Action<EntityTypeBuilder<TSaga>>? configure = null)
        where TSaga : class, ISaga
    {
        var entity = modelBuilder.Entity<TSaga>();
        entity.HasAssignedKey(s => s.CorrelationId);
        entity.Property<uint>("xmin").IsRowVersion();
        configure?.Invoke(entity);
        return entity;
    }
}
