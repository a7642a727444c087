using StarPlatform.Contracts;
using StarPlatform.Messaging;
using StarPlatform.OpenApi;

namespace StarPlatform.Ratings.Apis;

/// <summary>What the ratings document says of each operation and parameter (<see cref="ApiText"/>).</summary>
public static class RatingsApiText
{
    public static readonly ApiText Text = new()
    {
        Operations =
        {
            ["UploadDeviceBatch"] = ("评价器批量上传办件与评价", "A rating device uploads served transactions and ratings"),
            ["SubmitRating"] = ("提交一次评价（网上、移动端、短信、热线）", "Submit a rating (online, mobile, SMS, hotline)"),
            ["GetUnitRates"] = ("单位逐月的评价率与满意率", "A unit's evaluation and satisfaction rates by month"),
            ["GetMonthRates"] = ("某月各单位的评价率与满意率", "Every unit's rates for a month"),
            ["ListRectifications"] = ("本中心的差评整改件（超期在前）", "The center's rectification cases, overdue first"),
            ["GetRectification"] = ("差评整改件详情（含实名评价人联系方式）", "A rectification case, with a real-name rater's contact"),
            ["CallBack"] = ("登记回访核实", "Record the callback"),
            ["Rectify"] = ("登记整改结果或不能整改的解释说明", "Record the rectification, or why it cannot be done"),
            ["FeedBack"] = ("登记向评价人反馈", "Record the feedback to the rater"),
            ["Close"] = ("办结差评整改件", "Close the rectification case"),
        },
        Parameters =
        {
            ["unitId"] = ("单位的标识", "The unit's id"),
            ["from"] = ("起始月份（yyyy-MM）", "The first month (yyyy-MM)"),
            ["to"] = ("截止月份（yyyy-MM）", "The last month (yyyy-MM)"),
            ["month"] = ("月份（yyyy-MM）", "The month (yyyy-MM)"),
            ["divisionCode"] = ("行政区划代码前缀", "A division code prefix"),
            ["id"] = ("差评整改件的标识", "The rectification case's id"),
            ["open"] = ("true（默认）为未办结的，false 为已办结的", "true (the default): open cases; false: closed ones"),
        },
        ClosedSets =
        {
            ["channel"] = Words.All<RatingChannel>(),
            ["level"] = Words.All<RatingLevel>(),
            ["outcome"] = Words.All<Apis.DeviceRecordStatus>(),
            ["firstOutcome"] = Words.All<Apis.DeviceRecordStatus>(),
            ["unitKind"] = Words.All<UnitKind>(),
            ["state"] = Words.All<Model.RectificationState>(),
        },
    };
}
