using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using StarPlatform.Testing;

namespace StarPlatform.Suite.Tests;

/// <summary>
/// The same problems of several services, through the gateway, in Simplified Chinese (no Accept-Language, or zh-CN)
/// and in English (en): a 400 with its field message, 403 (the gateway's), 404, 409 and 422, each with its type.
/// </summary>
[Collection(SuiteCollection.Name)]
public class ProblemLanguageTests(SuiteFixture suite)
{
    private const string Centers = "/api/registry/centers";

    private sealed record Expected(string Chinese, string English);

    [Theory]
    [InlineData(null)]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public async Task The_same_problems_of_every_service_read_in_the_callers_language(string? acceptLanguage)
    {
        var english = acceptLanguage == "en";
        var admin = await suite.GatewayAsAsync("dev-admin");
        var operatorClient = await suite.GatewayAsAsync("dev-operator");
        var anonymous = suite.App.CreateHttpClient("gateway");
        foreach (var client in new[] { admin, operatorClient, anonymous })
        {
            if (acceptLanguage is not null)
            {
                client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
            }
        }

        var divisionCode = TestData.DivisionCode();
        var parent = await (await admin.PostAsJsonAsync(Centers, TestData.County(divisionCode: divisionCode))).CreatedAsync();

        // Registry: 400 with every field, 409, 422.
        var invalid = await ProblemAsync(await admin.PostAsJsonAsync(Centers, new { name = "", level = "county", divisionCode = "511402", floorAreaM2 = 1000 }),
            HttpStatusCode.BadRequest, english);
        Assert.Equal(english ? "The center is not valid." : "服务中心信息无效。", invalid.Str("title"));
        Assert.Equal(english ? "A name is required." : "名称为必填项。", invalid.GetProperty("errors").GetProperty("name")[0].GetString());

        var twice = await ProblemAsync(await admin.PostAsJsonAsync(Centers, TestData.County(divisionCode: divisionCode)), HttpStatusCode.Conflict, english);
        Assert.Equal(english ? "The center already exists." : "服务中心已存在。", twice.Str("title"));

        var misplaced = await ProblemAsync(await admin.PostAsJsonAsync(Centers, TestData.County(parentId: parent.Id())), (HttpStatusCode)422, english);
        Assert.Equal(english ? "The center's parent does not fit." : "服务中心的上级不符合要求。", misplaced.Str("title"));

        // Scoring: 404 with its detail.
        var cycle = await ProblemAsync(await anonymous.GetAsync($"/api/scoring/cycles/{Guid.NewGuid()}"), HttpStatusCode.NotFound, english);
        Assert.Equal(english ? "The cycle was not found." : "未找到该评定周期。", cycle.Str("title"));
        Assert.Equal(english ? "No cycle with this id." : "没有此 ID 的评定周期。", cycle.Str("detail"));

        // The gateway: 403 naming the roles the route admits.
        var forbidden = await ProblemAsync(await operatorClient.PostAsJsonAsync(Centers, TestData.County()), HttpStatusCode.Forbidden, english);
        Assert.Equal(english ? "Not allowed." : "无权执行此操作。", forbidden.Str("title"));
        Assert.Equal(["admin"], forbidden.GetProperty("allowedRoles").EnumerateArray().Select(r => r.GetString()));

        // Complaints: 400 with the field message the console shows under the unit search.
        var complaint = await ProblemAsync(await operatorClient.PostAsJsonAsync("/api/complaints",
            new { channel = "96960", category = "attitude", description = "窗口态度差", occurredAt = DateTimeOffset.UtcNow, anonymous = true }),
            HttpStatusCode.BadRequest, english);
        Assert.Equal(english ? "The complaint is not valid." : "投诉信息无效。", complaint.Str("title"));
        Assert.Equal(english ? "The target unit (a center, window or outlet) is required." : "被投诉单位（服务中心、窗口或便民服务点）为必填项。",
            complaint.GetProperty("errors").GetProperty("targetUnitId")[0].GetString());
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, bool english)
    {
        var problem = await response.ProblemAsync(status);
        Assert.False(string.IsNullOrEmpty(problem.Str("type")));
        Assert.Equal(english ? "en" : "zh-CN", response.Content.Headers.ContentLanguage.Single());
        return problem;
    }
}
