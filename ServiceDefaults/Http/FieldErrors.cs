using Microsoft.AspNetCore.Http.HttpResults;

namespace StarPlatform.Http;

/// <summary>
/// The fields of a request that are not valid, each with its message: the <c>errors</c> of a
/// validation problem. A field named again keeps the last message.
/// </summary>
public sealed class FieldErrors : Dictionary<string, string[]>
{
    public FieldErrors()
    {
    }

    public FieldErrors(IDictionary<string, string[]> errors) : base(errors)
    {
    }

    /// <summary>Whether any field is not valid.</summary>
    public bool Any => Count > 0;

    /// <summary>Names <paramref name="field"/> as not valid, with <paramref name="message"/>.</summary>
    public FieldErrors Add(string field, string message)
    {
        this[field] = [message];
        return this;
    }

    /// <summary>Names <paramref name="field"/> when <paramref name="invalid"/> holds; true when it did.</summary>
    public bool AddIf(bool invalid, string field, string message)
    {
        if (invalid)
        {
            Add(field, message);
        }

        return invalid;
    }

    /// <summary>Adds every error of <paramref name="other"/> (its message wins for a field named in both).</summary>
    public FieldErrors AddRange(IReadOnlyDictionary<string, string[]> other)
    {
        foreach (var (field, messages) in other)
        {
            this[field] = messages;
        }

        return this;
    }

    /// <summary>The 400 that lists them.</summary>
    public ValidationProblem ToProblem(string title = Problems.InvalidTitle) => Problems.Invalid(this, title);
}
