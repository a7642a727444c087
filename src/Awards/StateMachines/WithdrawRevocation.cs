namespace StarPlatform.Awards.StateMachines;

/// <summary>
/// The violation behind a revocation was reversed on re-review: from the reversal's consumer to the
/// revocation saga (Awards' own message, sent through the outbox once the reversal is recorded).
/// </summary>
/// <param name="RevocationId">the saga's id (the complaint case's id)</param>
public sealed record WithdrawRevocation(Guid RevocationId, DateTimeOffset ReversedAt, string Summary);
