namespace StarPlatform.Ratings.Model;

/// <summary>
/// A record a device uploaded, kept by (device, record id) so that a re-sent batch changes nothing: the
/// record is answered with what it got the first time.
/// </summary>
public sealed class DeviceRecord
{
    public const int MaxRecordIdLength = 64;

    public Guid DeviceId { get; set; }
    public required string RecordId { get; set; }
    public required string Outcome { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}
