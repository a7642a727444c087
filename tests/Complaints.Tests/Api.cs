using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace StarPlatform.Complaints.Tests;

internal static class Api
{
    public static object Intake(Guid target, string channel = "96960", string category = "attitude", bool anonymous = false,
        object? caller = null, string? description = null) => new
    {
        channel,
        targetUnitId = target,
        category,
        description = description ?? $"窗口工作人员态度生硬 {Guid.NewGuid():N}",
        occurredAt = DateTimeOffset.UtcNow.AddHours(-3),
        caller = anonymous ? null : caller ?? new { name = "张三", phone = "13800000000" },
        anonymous,
    };

    public static async Task<HttpResponseMessage> FileAsync(this HttpClient client, object body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/complaints") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        return await client.SendAsync(request);
    }

    /// <summary>The event's type name from the outbox's assembly-qualified <c>message_type</c>.</summary>
    public static string EventName(string messageType) => messageType.Split(',')[0].Split('.')[^1];
}
