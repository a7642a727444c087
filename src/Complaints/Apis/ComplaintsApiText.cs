using StarPlatform.Complaints.Model;
using StarPlatform.OpenApi;

namespace StarPlatform.Complaints.Apis;

/// <summary>What the complaints document says of each operation and parameter (<see cref="ApiText"/>).</summary>
public static class ComplaintsApiText
{
    public static readonly ApiText Text = new()
    {
        Operations =
        {
            ["FileComplaint"] = ("受理投诉（网上渠道无需令牌；热线渠道需接线员或纪检令牌）", "File a complaint (online: no token; a hotline channel needs an operator or discipline token)"),
            ["ListCases"] = ("查询投诉案件", "List complaint cases"),
            ["GetComplaint"] = ("读取一个投诉案件", "Read a complaint case"),
            ["TrackCase"] = ("来电人凭案件编号和查询码查看办理进度", "The caller follows a case by its number and lookup code"),
            ["Assign"] = ("分派调查人员", "Assign an investigator"),
            ["StartInvestigation"] = ("开始调查", "Start the investigation"),
            ["RecordFinding"] = ("录入调查结论", "Record the finding"),
            ["Close"] = ("办结并答复来电人", "Close the case with the feedback given"),
            ["Appeal"] = ("来电人申请复核，案件重新办理", "Reopen a closed case on the caller's appeal"),
            ["Statistics"] = ("投诉统计", "Complaint statistics"),
            ["SearchByCallerPhone"] = ("按来电人电话查找案件（仅纪检，含 12388 举报）", "Find cases by the caller's phone (discipline only, 12388 reports included)"),
            ["Open311Services"] = ("Open311：列出可受理的服务（投诉类别）", "Open311: list the services (complaint categories)"),
            ["Open311PostRequest"] = ("Open311：提交服务请求（网上投诉）", "Open311: post a service request (an online complaint)"),
            ["Open311GetRequests"] = ("Open311：凭编号和查询码读取多个请求", "Open311: read requests by number and lookup code"),
            ["Open311GetRequest"] = ("Open311：凭编号和查询码读取一个请求", "Open311: read a request by number and lookup code"),
        },
        Parameters =
        {
            ["id"] = ("案件的标识", "The case's id"),
            ["unitId"] = ("被投诉单位的标识", "The id of the unit complained about"),
            ["status"] = ("案件状态", "The case's status"),
            ["overdue"] = ("只列出已超期（true）或未超期（false）的案件", "Only cases past (true) or within (false) their deadline"),
            ["caseNumber"] = ("案件编号，如 TS-2026-000001", "The case number, e.g. TS-2026-000001"),
            ["ListCases.caseNumber"] = ("案件编号的任一部分，如 000123", "Any part of the case number, e.g. 000123"),
            ["ListCases.unitId"] = ("被投诉单位的标识，可重复（任一单位）", "The id of a unit complained about; may repeat (any of them)"),
            ["sort"] = ("排序：received 最新受理在前，due 期限最近在前", "Order: received (newest first) or due (nearest deadline first)"),
            ["from"] = ("起始日期（含）", "First day counted"),
            ["to"] = ("截止日期（含）", "Last day counted"),
            ["service_request_id"] = ("案件编号，以逗号分隔", "Case numbers, comma-separated"),
            ["lookup_code"] = ("查询码，与编号一一对应，以逗号分隔", "Lookup codes, one per number, comma-separated"),
            ["Open311GetRequest.lookup_code"] = ("案件的查询码", "The case's lookup code"),
            ["serviceRequestId"] = ("案件编号", "The case number"),
        },
        ClosedSets =
        {
            ["channel"] = ComplaintRules.Channels,
            ["category"] = ComplaintRules.Categories,
            ["status"] = ComplaintLifecycle.States,
            ["sort"] = CaseListApi.Sorts,
            ["step"] = CaseProgress.Steps,
            ["Open311Request.status"] = ["open", "closed"],
        },
        Idempotent = { "FileComplaint", "Open311PostRequest" },
        Headers =
        {
            ["TrackCase"] =
            [
                new(CaseTrackingApi.CodeHeader, ("受理时给来电人的查询码；缺少或不符时为 404", "The lookup code the caller was given at intake; 404 without it or when it does not match"), Required: true),
                new("Accept-Language", ("zh-CN（默认）或 en", "zh-CN (the default) or en")),
            ],
        },
        FormBodies =
        {
            ["Open311PostRequest"] = new FormBody(
                new Dictionary<string, Bilingual>
                {
                    ["service_code"] = ("服务代码（投诉类别，见 services.json）", "Service code (the complaint category, from services.json)"),
                    ["address_id"] = ("被投诉单位（中心、窗口或服务点）的标识", "The id of the center, window or outlet complained about"),
                    ["attribute[target_unit_id]"] = ("同 address_id", "The same as address_id"),
                    ["description"] = ("投诉内容", "What happened"),
                    ["requested_datetime"] = ("发生时间（ISO 8601，含时区）", "When it happened (ISO 8601 with its offset)"),
                    ["first_name"] = ("来电人的名", "The caller's first name"),
                    ["last_name"] = ("来电人的姓", "The caller's last name"),
                    ["phone"] = ("来电人的电话", "The caller's phone"),
                    ["email"] = ("来电人的电子邮箱", "The caller's email"),
                    ["media_url"] = ("附件的链接", "A link to an attachment"),
                },
                ["service_code"]),
        },
    };
}
