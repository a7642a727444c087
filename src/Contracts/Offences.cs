namespace StarPlatform.Contracts;

/// <summary>
/// The offences a confirmed violation may name (<see cref="Offence"/>), as the catalog publishes
/// them: the words of the seed's items they come from. Which items each fails is the items' own
/// data (the catalog's <c>outsideVeto</c> on each item).
/// </summary>
public static class Offences
{
    public static readonly IReadOnlyList<(Offence Code, string Name, string NameEn)> All =
    [
        (Offence.Integrity, "违反党纪政纪（吃拿卡要、推诿扯皮），经纪检部门查实",
            "Breach of Party or government discipline (demanding favours, passing the buck), established by the discipline authorities"),
        (Offence.HallConduct, "工作时间违反纪律（喧哗打闹、串岗聊天、打瞌睡、吃零食、酒后上班、窗口吸烟），被纪检部门通报",
            "Misconduct in the hall during working hours (noise, chatting, sleeping, snacking, drinking, smoking), notified by the discipline authorities"),
        (Offence.ComputerMisuse, "工作时间违规使用电脑（看股市、网购、闲聊、看电影、打游戏、戴耳机听音乐），被纪检部门通报",
            "Misuse of the computer during working hours (stocks, shopping, chatting, films, games, music), notified by the discipline authorities"),
        (Offence.OverdueOrIncident, "超期办件或被全省通报的责任事件",
            "An overdue case or a responsibility incident notified by the province"),
    ];

    /// <summary>The offence's Chinese name, as the catalog publishes it.</summary>
    public static string NameOf(Offence offence) => All.First(o => o.Code == offence).Name;
}
