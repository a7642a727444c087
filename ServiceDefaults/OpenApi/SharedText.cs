namespace StarPlatform.OpenApi;

/// <summary>The texts of what every service has: the dead-letter endpoints and the parameters named alike everywhere.</summary>
internal static class SharedText
{
    public static readonly ApiText Text = new()
    {
        Operations =
        {
            ["ListDeadLetters"] = ("列出本服务的死信消息", "List the service's dead-lettered messages"),
            ["ReplayDeadLetter"] = ("重放一条死信消息", "Replay a dead-lettered message"),
        },
        Parameters =
        {
            ["id"] = ("资源的标识（GUID）", "The resource's id (a GUID)"),
            ["page"] = ("页码，从 1 开始（默认 1）", "Page number, from 1 (default 1)"),
            ["pageSize"] = ("每页条数（默认 50，最多 200）", "Items per page (default 50, at most 200)"),
            ["queue"] = ("只列出这一死信队列的消息", "Only this dead-letter queue's messages"),
            ["limit"] = ("每个死信队列最多列出的条数", "At most this many messages per dead-letter queue"),
            ["messageId"] = ("死信消息的 MessageId", "The dead-lettered message's MessageId"),
            ["unitId"] = ("单位（中心、窗口或便民服务点）的标识", "The unit's id (a center, window or outlet)"),
            ["divisionCode"] = ("行政区划代码（6 位或 9/12 位）", "Administrative division code (6, 9 or 12 digits)"),
            ["level"] = ("层级", "Level"),
            ["unitKind"] = ("单位类别", "Unit kind"),
            ["status"] = ("状态", "Status"),
            ["If-Match"] = ("上次读取时 ETag 的值：资源在此期间被改动则为 412，缺少则为 428。", "The ETag of the last read: 412 when the resource changed since, 428 when it is missing."),
        },
    };
}
