namespace StarPlatform.Awards.StateMachines;

/// <summary>
/// The approver's decision on a pending revocation, from the decision API to the revocation saga
/// (Awards' own message, not a contract other services see). Sent through the outbox.
/// </summary>
/// <param name="RevocationId">the saga's id (the complaint case's id)</param>
/// <param name="DecidedBy">the approver's actor id</param>
public sealed record DecideRevocation(
    Guid RevocationId, Guid AwardId, bool Confirmed, string? Comment, string DecidedBy, DateTimeOffset DecidedAt);
