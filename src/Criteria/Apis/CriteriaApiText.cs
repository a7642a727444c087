using StarPlatform.Contracts;
using StarPlatform.Criteria.Model;
using StarPlatform.Messaging;
using StarPlatform.OpenApi;

namespace StarPlatform.Criteria.Apis;

/// <summary>What the criteria document says of each operation and parameter (<see cref="ApiText"/>).</summary>
public static class CriteriaApiText
{
    public static readonly ApiText Text = new()
    {
        Operations =
        {
            ["ListOffences"] = ("列出违规类别及其否决项", "List the offences and the veto items each fails"),
            ["ListSets"] = ("列出考评细则", "List the criteria sets"),
            ["CreateSet"] = ("新建考评细则（含空白草稿第 1 版）", "Create a criteria set with an empty draft version 1"),
            ["GetSet"] = ("读取一套考评细则及其各版本", "Read a criteria set and its versions"),
            ["GetVersion"] = ("读取细则的一个版本（分类、条目、档次）", "Read a version of a set: categories, items, tiers"),
            ["UpdateDraftVersion"] = ("修改草稿版本的名称、来源与说明", "Change a draft version's name, source and notes"),
            ["GetItem"] = ("读取一个考评条目", "Read one item"),
            ["PutItem"] = ("新增或替换草稿中的条目", "Add or replace an item of a draft"),
            ["DeleteItem"] = ("删除草稿中的条目", "Delete an item of a draft"),
            ["GetDiff"] = ("比较两个版本的差异", "Compare two versions"),
            ["GetCurrentScheme"] = ("读取现行星级评定办法", "Read the current star scheme"),
            ["CreateDraftVersion"] = ("以最新版本为底稿新建草稿", "Create a draft version from the latest version"),
            ["PutCategory"] = ("新增或替换草稿中的分类", "Add or replace a category of a draft"),
            ["DeleteCategory"] = ("删除草稿中的空分类", "Delete an empty category of a draft"),
            ["Publish"] = ("校验并发布草稿", "Check and publish a draft"),
            ["Retire"] = ("停用已发布的版本", "Retire a published version"),
            ["ListSchemes"] = ("列出星级评定办法的各版本", "List the star scheme's versions"),
            ["PublishScheme"] = ("发布新版星级评定办法", "Publish a new star scheme version"),
            ["GetScheme"] = ("读取星级评定办法的一个版本", "Read a star scheme version"),
            ["ListSatisfactionMappings"] = ("列出满意度测评计分办法的已发布版本", "List the satisfaction mapping's published versions"),
            ["GetSatisfactionMapping"] = ("读取满意度测评计分办法的一个已发布版本", "Read a published satisfaction mapping version"),
            ["DraftSatisfactionMapping"] = ("起草满意度测评计分办法的新版本", "Draft the next satisfaction mapping version"),
            ["ReplaceSatisfactionMappingDraft"] = ("替换满意度测评计分办法草稿的内容", "Replace a satisfaction mapping draft's content"),
            ["PublishSatisfactionMapping"] = ("校验并发布满意度测评计分办法草稿", "Check and publish a satisfaction mapping draft"),
        },
        Parameters =
        {
            ["code"] = ("细则或办法的代码，如 meishan-2012-window", "The set's or scheme's code, e.g. meishan-2012-window"),
            ["version"] = ("版本号", "Version number"),
            ["GetVersion.version"] = ("版本号，或 current（最新发布版本）", "Version number, or current (the latest published version)"),
            ["GetItem.version"] = ("版本号，或 current（最新发布版本）", "Version number, or current (the latest published version)"),
            ["number"] = ("条目编号", "Item number"),
            ["PutCategory.number"] = ("分类编号", "Category number"),
            ["DeleteCategory.number"] = ("分类编号", "Category number"),
            ["from"] = ("比较的起始版本号", "The version compared from"),
            ["to"] = ("比较的目标版本号（默认最新版本）", "The version compared to (default: the latest)"),
        },
        ClosedSets =
        {
            ["unitKind"] = Words.All<UnitKind>(),
            ["kind"] = Words.All<ItemKind>(),
            ["level"] = CriteriaRules.Levels,
            ["status"] = Words.All<VersionStatus>(),
            ["method"] = [SatisfactionMath.Linear, SatisfactionMath.Bands],
            ["LevelWeightBody.level"] = Words.All<RatingLevel>(),
        },
    };
}
