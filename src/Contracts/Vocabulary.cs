namespace StarPlatform.Contracts;

// The programme's closed vocabularies, shared by every service and every message. In JSON (APIs
// and messages alike) they are kebab-case lower-case words: Window → "window", HallConduct →
// "hall-conduct".

/// <summary>What a registry unit is.</summary>
public enum UnitKind
{
    /// <summary>政务服务中心: a city or county government service center.</summary>
    Center,

    /// <summary>窗口: a department's service window inside a center.</summary>
    Window,

    /// <summary>便民服务中心/室/点: a township outlet, village point or group agency point.</summary>
    Outlet,
}

/// <summary>The five levels of the service system (五级便民服务体系).</summary>
public enum UnitLevel
{
    /// <summary>市</summary>
    City,

    /// <summary>县(区)</summary>
    County,

    /// <summary>乡镇(街道)</summary>
    Township,

    /// <summary>村(社区)</summary>
    Village,

    /// <summary>组</summary>
    Group,
}

/// <summary>A unit's standing in the registry; closed is final.</summary>
public enum UnitStatus
{
    Active,
    Suspended,
    Closed,
}

/// <summary>
/// The offence a confirmed violation names. Each is tied by the seed to its own veto items (the
/// catalog says which, next to the item: <c>outsideVeto</c>), so a violation fails exactly those.
/// </summary>
public enum Offence
{
    /// <summary>吃拿卡要、推诿扯皮, 违反党纪政纪 — 查实 by the discipline authorities (window item 17, center item 69).</summary>
    Integrity,

    /// <summary>Conduct in the hall during working hours (喧哗打闹、串岗聊天、打瞌睡、吃零食、酒后上班、窗口吸烟) — 通报 (window item 19).</summary>
    HallConduct,

    /// <summary>Misuse of the computer during working hours (看股市、网购、闲聊、看电影、打游戏、听音乐) — 通报 (window item 20).</summary>
    ComputerMisuse,

    /// <summary>An overdue case or a responsibility incident notified by the province (超期办件、全省通报的责任事件) (window item 8, center item 25).</summary>
    OverdueOrIncident,
}

/// <summary>
/// A complaint's category: service attitude, delay/overdue, fees, discipline/integrity,
/// environment/facilities, other. Complaints takes cases in under them; Awards shows them.
/// </summary>
public static class ComplaintCategories
{
    public static readonly IReadOnlyList<string> All = ["attitude", "delay", "fees", "discipline", "facilities", "other"];

    /// <summary>Each category's Chinese name, as the hotline and Open311 show it.</summary>
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["attitude"] = "服务态度",
        ["delay"] = "办理超时",
        ["fees"] = "违规收费",
        ["discipline"] = "廉洁纪律",
        ["facilities"] = "环境设施",
        ["other"] = "其他",
    };

    /// <summary>The category's Chinese name; the word itself when it is not one of <see cref="All"/>.</summary>
    public static string NameOf(string category) => Names.GetValueOrDefault(category, category);
}

/// <summary>
/// 好差评's five levels (国办发〔2019〕51号), best first. 非常满意, 满意 and 基本满意 are good ratings (好评);
/// 不满意 and 非常不满意 are bad ratings (差评), each verified and answered.
/// </summary>
public enum RatingLevel
{
    /// <summary>非常满意</summary>
    VerySatisfied,

    /// <summary>满意</summary>
    Satisfied,

    /// <summary>基本满意</summary>
    FairlySatisfied,

    /// <summary>不满意</summary>
    Dissatisfied,

    /// <summary>非常不满意</summary>
    VeryDissatisfied,
}

/// <summary>Where a rating was given: every channel 好差评 covers.</summary>
public enum RatingChannel
{
    /// <summary>窗口评价器: the device at the window, uploaded in batches.</summary>
    Device,

    /// <summary>网上一事一评: the portal.</summary>
    Online,

    /// <summary>移动端: the mobile app or mini program.</summary>
    Mobile,

    /// <summary>短信: a reply to the text message sent after the service.</summary>
    Sms,

    /// <summary>热线: the hotline's callback.</summary>
    Hotline,
}
