using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace StarPlatform.Messaging;

/// <summary>
/// The business ids on trace spans, so ops can find a case, an application or an award by its id in
/// the dashboard's trace search: set on the current span (the request's, or the consume's) by HTTP
/// handlers, by a route filter, and for every consumed message that carries them.
/// </summary>
public static class SpanTags
{
    /// <summary>A complaint case's number (<c>TS-2026-000123</c>).</summary>
    public const string CaseNumber = "starplatform.case.number";

    /// <summary>A complaint case's id.</summary>
    public const string CaseId = "starplatform.case.id";

    /// <summary>An application for a star (申报).</summary>
    public const string ApplicationId = "starplatform.application.id";

    /// <summary>A star awarded.</summary>
    public const string AwardId = "starplatform.award.id";

    /// <summary>Sets <paramref name="tag"/> on the current span, if there is one and a value.</summary>
    public static void Set(string tag, object? value)
    {
        if (value is not null)
        {
            Activity.Current?.SetTag(tag, value is Guid id ? id.ToString() : value);
        }
    }

    /// <summary>Tags the request's span with the id in route value <paramref name="routeValue"/>.</summary>
    public static TBuilder TagSpanFromRoute<TBuilder>(this TBuilder endpoints, string routeValue, string tag)
        where TBuilder : IEndpointConventionBuilder =>
        endpoints.AddEndpointFilter(async (context, next) =>
        {
            Set(tag, context.HttpContext.Request.RouteValues.TryGetValue(routeValue, out var value) ? value?.ToString() : null);
            return await next(context);
        });

    /// <summary>Tags the current span with the ids a message carries (properties <c>CaseNumber</c>, <c>ComplaintId</c>, <c>ApplicationId</c>, <c>AwardId</c>).</summary>
    public static void SetFromMessage(object message)
    {
        foreach (var (tag, property) in MessageIds.GetOrAdd(message.GetType(), IdsOf))
        {
            Set(tag, property.GetValue(message));
        }
    }

    private static readonly ConcurrentDictionary<Type, (string Tag, PropertyInfo Property)[]> MessageIds = new();

    private static readonly (string Property, string Tag)[] Carried =
        [("CaseNumber", CaseNumber), ("ComplaintId", CaseId), ("ApplicationId", ApplicationId), ("AwardId", AwardId)];

    private static (string, PropertyInfo)[] IdsOf(Type type) =>
        Carried.Select(c => (c.Tag, Property: type.GetProperty(c.Property, BindingFlags.Public | BindingFlags.Instance)))
            .Where(c => c.Property is { CanRead: true })
            .Select(c => (c.Tag, c.Property!))
            .ToArray();
}
