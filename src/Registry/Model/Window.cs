namespace StarPlatform.Registry.Model;

/// <summary>
/// A department's service window (窗口) inside a center (市级部门政务服务中心窗口). Appendix 2 scores it.
/// </summary>
public sealed class Window
{
    public Guid Id { get; set; }

    /// <summary>The center the window sits in: its parent in the hierarchy.</summary>
    public Guid CenterId { get; set; }

    /// <summary>The center's level (a window is rated at the level of its center).</summary>
    public CenterLevel Level { get; set; }

    /// <summary>The department (部门) that staffs the window.</summary>
    public required string Department { get; set; }

    public required string Name { get; set; }

    /// <summary>How many approval items (审批事项) the department has authorised the window to decide.</summary>
    public int ApprovalItemCount { get; set; }

    public UnitStatus Status { get; set; } = UnitStatus.Active;
    public DateTimeOffset OpenedAt { get; set; }
    public int Revision { get; set; } = 1;
    public uint Version { get; set; }
}
