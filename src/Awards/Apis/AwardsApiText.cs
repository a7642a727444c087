using StarPlatform.Awards.Model;
using StarPlatform.Contracts;
using StarPlatform.Messaging;
using StarPlatform.OpenApi;

namespace StarPlatform.Awards.Apis;

/// <summary>What the awards document says of each operation and parameter (<see cref="ApiText"/>).</summary>
public static class AwardsApiText
{
    public static readonly ApiText Text = new()
    {
        Operations =
        {
            ["ListAwards"] = ("查询星级授牌（公开名录）", "List awards (the public registry)"),
            ["GetAward"] = ("读取一次授牌", "Read an award"),
            ["GetUnitHistory"] = ("单位历年的审定结果与授牌", "A unit's approved results and awards over the years"),
            ["GetStatistics"] = ("按年度与星级统计授牌", "Awards per cycle year and star level"),
            ["ListRevocations"] = ("查询摘牌（撤销）案", "List revocations"),
            ["DecideRevocation"] = ("审定摘牌：确认或驳回", "Confirm or reject a pending revocation"),
        },
        Parameters =
        {
            ["id"] = ("授牌的标识", "The award's id"),
            ["unitId"] = ("单位的标识", "The unit's id"),
            ["stars"] = ("星级（3、4 或 5）", "Stars (3, 4 or 5)"),
            ["active"] = ("true：只列出现在有效的星级", "true: only stars held now"),
            ["level"] = ("单位层级", "The unit's level"),
            ["divisionCode"] = ("行政区划代码前缀", "A division code prefix"),
            ["cycleYear"] = ("考评年度", "The cycle's year"),
            ["status"] = ("摘牌案的状态", "The revocation's status"),
            ["awardId"] = ("授牌的标识", "The award's id"),
        },
        ClosedSets =
        {
            ["AwardSummary.status"] = AwardStatus.All,
            ["AwardResponse.status"] = AwardStatus.All,
            ["fundingStatus"] = [FundingStatus.Granted, FundingStatus.ToRecover],
            ["category"] = ComplaintCategories.All,
            ["level"] = Words.All<UnitLevel>(),
            ["status"] = Words.All<RevocationStatus>(),
        },
    };
}
