using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace StarPlatform.Complaints.Tests;

/// <summary>
/// Problems in the caller's language: the same 400, 403, 404, 409 and 422 read in Simplified Chinese (no
/// Accept-Language, zh-CN, zh-Hans-CN) and in English (en, en-GB, a French-first list that accepts English), every one
/// with its type and a Content-Language saying which.
/// </summary>
[Collection(ComplaintsCollection.Name)]
public sealed class ProblemLanguageTests(ComplaintsFixture fixture)
{
    /// <summary>A problem as the test expects it: status, title, and the messages of one field (or the detail).</summary>
    public sealed record Expected(HttpStatusCode Status, string Title, string? Field, string Message);

    private sealed record Case(string Name, Func<HttpClient, Task<HttpResponseMessage>> Send, Expected Chinese, Expected English);

    private static IReadOnlyList<Case> Cases(Guid target, Guid received) =>
        [
            new("400 intake without a description",
                c => c.FileAsync(Api.Intake(target, description: "")),
                new(HttpStatusCode.BadRequest, "投诉信息无效。", "description", "投诉内容为必填项。"),
                new(HttpStatusCode.BadRequest, "The complaint is not valid.", "description", "The description is required.")),
            new("400 phone with letters",
                c => c.FileAsync(Api.Intake(target, caller: new { name = "张三", phone = "call me" })),
                new(HttpStatusCode.BadRequest, "投诉信息无效。", "caller.phone", "电话只能包含数字、“+”、“-”或空格，最多 30 个字符。"),
                new(HttpStatusCode.BadRequest, "The complaint is not valid.", "caller.phone", "The phone has digits, '+', '-' or spaces, at most 30 characters.")),
            new("422 an unknown target unit",
                c => c.FileAsync(Api.Intake(Guid.NewGuid())),
                new((HttpStatusCode)422, "被投诉单位不存在。", null, "没有登记此 ID 的服务中心、窗口或便民服务点（或其登记信息尚未同步到投诉服务）。"),
                new((HttpStatusCode)422, "The target unit is not known.", null,
                    "No center, window or outlet with this id is registered (or its registration has not reached Complaints yet).")),
            new("404 an unknown case",
                c => c.GetAsync($"/api/complaints/{Guid.NewGuid()}"),
                new(HttpStatusCode.NotFound, "未找到该案件。", null, "没有此 ID 且您可以查看的案件。"),
                new(HttpStatusCode.NotFound, "The case was not found.", null, "No case with this id that you may read.")),
            new("409 an appeal of a case just received",
                c => c.PostAsJsonAsync($"/api/complaints/{received}/appeal", new { reason = "不满意" }),
                new(HttpStatusCode.Conflict, "该案件当前的状态不能进行此步骤。", null,
                    "状态为 received 的案件不能进行“appeal”步骤；该步骤需要状态为 closed 的案件。"),
                new(HttpStatusCode.Conflict, "The case is not in a state for this step.", null,
                    "A case that is received cannot take the step 'appeal'; it needs a case that is closed.")),
        ];

    public static TheoryData<string?, bool> Languages => new()
    {
        { null, false },
        { "zh-CN", false },
        { "zh-Hans-CN, en;q=0.5", false },
        { "en", true },
        { "en-GB", true },
        { "fr-FR, en;q=0.8, zh-CN;q=0.5", true },
    };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task The_same_problems_read_in_the_callers_language_chinese_by_default(string? acceptLanguage, bool english)
    {
        var operatorClient = fixture.As("operator");
        var target = await fixture.TargetAsync();
        var received = (await (await operatorClient.FileAsync(Api.Intake(target))).CreatedAsync()).Id();
        Speak(operatorClient, acceptLanguage);

        foreach (var c in Cases(target, received))
        {
            var response = await c.Send(operatorClient);
            AssertProblem(await response.ProblemAsync((english ? c.English : c.Chinese).Status), response, english ? c.English : c.Chinese, c.Name);
            Assert.Equal(english ? "en" : "zh-CN", response.Content.Headers.ContentLanguage.Single());
        }
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_403_names_the_roles_in_the_callers_language(string? acceptLanguage, bool english)
    {
        var applicant = fixture.As("applicant");
        Speak(applicant, acceptLanguage);

        var response = await applicant.GetAsync("/api/complaints");

        var problem = await response.ProblemAsync(HttpStatusCode.Forbidden);
        var roles = string.Join(", ", problem.GetProperty("allowedRoles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(english ? "Not allowed." : "无权执行此操作。", problem.Str("title"));
        Assert.Equal(english ? $"The token's roles do not allow this request; it is for: {roles}." : $"令牌的角色无权执行此请求；可执行的角色：{roles}。",
            problem.Str("detail"));
        Assert.Equal(english ? "en" : "zh-CN", response.Content.Headers.ContentLanguage.Single());
    }

    private static void Speak(HttpClient client, string? acceptLanguage)
    {
        if (acceptLanguage is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }
    }

    private static void AssertProblem(JsonElement problem, HttpResponseMessage response, Expected expected, string name)
    {
        Assert.True(problem.TryGetProperty("type", out var type) && type.GetString() is { Length: > 0 }, $"{name}: a type");
        Assert.Equal(expected.Title, problem.Str("title"));
        if (expected.Field is { } field)
        {
            Assert.Equal([expected.Message], problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()));
        }
        else
        {
            Assert.Equal(expected.Message, problem.Str("detail"));
        }

        Assert.Contains("Accept-Language", response.Headers.Vary);
    }
}
