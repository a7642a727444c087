using Microsoft.AspNetCore.Http.HttpResults;

namespace StarPlatform.Http;

/// <summary>
/// The fields of a request that are not valid, each with its message: the <c>errors</c> of a
/// validation problem. A field named again keeps the last message.
/// </summary>
public sealed class FieldErrors : Dictionary<string, string[]>
{
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

    /// <summary>The 400 that lists them.</summary>
    public ValidationProblem ToProblem(string title = Problems.InvalidTitle) => Problems.Invalid(this, title);
}
