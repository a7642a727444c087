using StarPlatform.Contracts;
using StarPlatform.Messaging;
using StarPlatform.OpenApi;
using StarPlatform.Registry.Model;

namespace StarPlatform.Registry.Apis;

/// <summary>What the registry document says of each operation and parameter (<see cref="ApiText"/>).</summary>
public static class RegistryApiText
{
    public static readonly ApiText Text = new()
    {
        Operations =
        {
            ["RegisterCenter"] = ("登记政务服务中心（市级或县级）", "Register a service center (city or county)"),
            ["ListCenters"] = ("查询政务服务中心", "List service centers"),
            ["GetCenter"] = ("读取一个政务服务中心", "Read a service center"),
            ["UpdateCenter"] = ("修改政务服务中心（需 If-Match）", "Change a service center (needs If-Match)"),
            ["OpenWindow"] = ("在中心开设窗口", "Open a window in a center"),
            ["ListWindows"] = ("按名称或部门查询窗口", "List windows by name or department"),
            ["GetWindow"] = ("读取一个窗口", "Read a window"),
            ["UpdateWindow"] = ("修改窗口（需 If-Match）", "Change a window (needs If-Match)"),
            ["RegisterOutlet"] = ("登记便民服务中心、室或代办点", "Register a township outlet, village point or group agency point"),
            ["ListOutlets"] = ("查询便民服务点", "List outlets"),
            ["ImportOutlets"] = ("批量导入便民服务点（JSON 或 CSV）", "Import outlets in bulk (JSON or CSV)"),
            ["GetOutlet"] = ("读取一个便民服务点", "Read an outlet"),
            ["UpdateOutlet"] = ("修改便民服务点（需 If-Match）", "Change an outlet (needs If-Match)"),
            ["GetChildren"] = ("列出单位的直接下级", "List a unit's direct children"),
            ["GetAncestors"] = ("列出单位的上级链", "List a unit's ancestors"),
            ["GetSubtree"] = ("列出单位的全部下级", "List every unit below a unit"),
        },
        Parameters =
        {
            ["q"] = ("名称中包含的文字", "Text the name contains"),
            ["GetCenter.include"] = ("units：一并返回中心的窗口和直属便民服务点", "units: the center's windows and the outlets directly under it too"),
            ["parentId"] = ("上级单位的标识", "The parent unit's id"),
            ["ListWindows.q"] = ("窗口名称或部门中包含的文字（如 社保、户籍）", "Text the window's name or department contains (社保, 户籍)"),
            ["centerId"] = ("窗口所在中心的标识", "The id of the window's center"),
            ["ListCenters.level"] = ("中心层级：city 或 county", "Center level: city or county"),
            ["ListOutlets.level"] = ("服务点层级：township、village 或 group", "Outlet level: township, village or group"),
            ["GetSubtree.level"] = ("只列出这一层级的单位", "Only units of this level"),
            ["status"] = ("单位状态", "The unit's status"),
        },
        ClosedSets =
        {
            ["GetCenter.include"] = ["units"],
            ["RegisterCenterRequest.level"] = Words.All<CenterLevel>(),
            ["ListCenters.level"] = Words.All<CenterLevel>(),
            ["RegisterOutletRequest.level"] = Words.All<OutletLevel>(),
            ["ImportOutletRow.level"] = Words.All<OutletLevel>(),
            ["ListOutlets.level"] = Words.All<OutletLevel>(),
            ["level"] = Words.All<UnitLevel>(),
            ["status"] = Words.All<UnitStatus>(),
            ["hotlines"] = CenterRules.KnownHotlines,
            ["ImportedRow.outcome"] = ["created", "unchanged"],
        },
        Idempotent = { "RegisterCenter", "OpenWindow", "RegisterOutlet" },
    };
}
