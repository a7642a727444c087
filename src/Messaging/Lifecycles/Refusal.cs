namespace StarPlatform.Messaging.Lifecycles;

/// <summary>
/// A lifecycle step that was not taken, and why: the answer to a request (409 out of turn, 422 a
/// rule, 404 nothing the actor may act on), never a fault. Steps decide before they change
/// anything, so a refused step has written nothing.
/// </summary>
/// <param name="Status">the HTTP status the refusal answers with: 404, 409 or 422</param>
/// <param name="Code">a stable name for the kind of refusal (<c>out-of-turn</c>, <c>appeal-period-over</c> …), for clients and logs</param>
/// <param name="Title">one line: what was refused</param>
/// <param name="Detail">why, for this instance</param>
public sealed record Refusal(int Status, string Code, string Title, string Detail)
{
    public static Refusal NotFound(string what) =>
        new(404, "not-found", $"The {what} was not found.", $"No {what} with this id that you may act on.");

    public static Refusal Conflict(string code, string title, string detail) => new(409, code, title, detail);

    public static Refusal RuleViolation(string code, string title, string detail) => new(422, code, title, detail);
}
