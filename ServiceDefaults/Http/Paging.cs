namespace StarPlatform.Http;

/// <summary>A page of a list, as every list endpoint answers: the items and how many there are in all.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

/// <summary>The <c>page</c> and <c>pageSize</c> query parameters of list endpoints: page ≥ 1, 1 ≤ pageSize ≤ 200 (default 50), and an offset that fits an int (a page past the data is empty).</summary>
public static class Paging
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>Adds the errors of <paramref name="page"/> and <paramref name="pageSize"/> to <paramref name="errors"/>; returns the page and size to use.</summary>
    public static (int Page, int Size) Check(FieldErrors errors, int? page, int? pageSize)
    {
        errors.AddIf(page is < 1, "page", "Pages start at 1.");
        errors.AddIf(pageSize is < 1 or > MaxPageSize, "pageSize", $"A page has 1 to {MaxPageSize} items.");
        var (p, size) = (page ?? 1, pageSize ?? DefaultPageSize);
        // The offset (page - 1) × size must fit the database's int: no list is that long, and a page past it overflowed.
        if (p >= 1 && size is >= 1 and <= MaxPageSize && (long)(p - 1) * size > int.MaxValue - size)
        {
            errors.Add("page", $"Pages end at {(int.MaxValue - size) / size + 1} for pages of {size}.");
        }

        return (p, size);
    }

    /// <summary>The items of page <paramref name="page"/> of <paramref name="size"/>.</summary>
    public static IQueryable<T> PageOf<T>(this IQueryable<T> items, int page, int size) => items.Skip((page - 1) * size).Take(size);

    /// <inheritdoc cref="PageOf{T}(IQueryable{T}, int, int)"/>
    public static IEnumerable<T> PageOf<T>(this IEnumerable<T> items, int page, int size) => items.Skip((page - 1) * size).Take(size);
}
