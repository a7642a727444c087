using System.Net;
using System.Text;
using StarPlatform.Identity.Model;

namespace StarPlatform.Identity.Apis;

/// <summary>
/// The Development sign-in page: every Development account as a button; choosing one repeats the
/// authorization request with <c>login_hint</c> set to it. No passwords: Development only.
/// </summary>
public static class DevelopmentSignInPage
{
    private static readonly Dictionary<string, (string Zh, string En)> RoleNames = new()
    {
        ["operator"] = ("话务员", "Operator"),
        ["discipline"] = ("纪检监察", "Discipline"),
        ["investigator"] = ("调查员", "Investigator"),
        ["applicant"] = ("申报单位", "Applicant"),
        ["evaluator"] = ("评审员", "Evaluator"),
        ["secretary"] = ("评审秘书", "Secretary"),
        ["approver"] = ("审批人", "Approver"),
        ["admin"] = ("管理员", "Admin"),
    };

    public static string Render(IEnumerable<KeyValuePair<string, string>> parameters, string? uiLocales)
    {
        var english = uiLocales?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"").Append(english ? "en" : "zh-CN").Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
            .Append(english ? "Sign in (Development)" : "登录（开发环境）")
            .Append("</title><style>body{font-family:\"WenQuanYi Micro Hei\",\"Microsoft YaHei\",system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1f2933}")
            .Append("ul{list-style:none;padding:0;display:grid;grid-template-columns:1fr 1fr;gap:.5rem}")
            .Append("button{font:inherit;width:100%;padding:.6rem;border:1px solid #b3261e;border-radius:4px;background:#fff;color:#b3261e;cursor:pointer;text-align:left}")
            .Append("button:focus-visible,button:hover{background:#b3261e;color:#fff;outline:3px solid #1a73e8}small{display:block;opacity:.8}</style></head><body>")
            .Append("<h1>").Append(english ? "Sign in — Development accounts" : "登录 — 开发环境账号").Append("</h1>")
            .Append("<p>").Append(english ? "Choose who you are. These accounts exist only in the Development environment." : "请选择身份。这些账号只在开发环境中存在。").Append("</p>")
            .Append("<form method=\"get\" action=\"authorize\">");
        foreach (var (name, value) in parameters)
        {
            html.Append("<input type=\"hidden\" name=\"").Append(WebUtility.HtmlEncode(name)).Append("\" value=\"")
                .Append(WebUtility.HtmlEncode(value)).Append("\">");
        }

        html.Append("<ul>");
        foreach (var account in DevelopmentClients.All)
        {
            var role = RoleNames.TryGetValue(account.Role, out var names) ? english ? names.En : names.Zh : account.Role;
            html.Append("<li><button type=\"submit\" name=\"login_hint\" value=\"").Append(WebUtility.HtmlEncode(account.ClientId))
                .Append("\">").Append(WebUtility.HtmlEncode(role)).Append("<small>").Append(WebUtility.HtmlEncode(account.ClientId))
                .Append("</small></button></li>");
        }

        html.Append("</ul></form></body></html>");
        return html.ToString();
    }
}
