using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace StarPlatform.Suite.Tests;

/// <summary>
/// Identity's directory of people through the gateway: staff read it (investigators by name, who is
/// active), a unit's applicant account may not; and Complaints, from its copy of what Identity
/// announced, assigns a case to an active investigator of the directory and refuses one who left.
/// </summary>
[Collection(SuiteCollection.Name)]
public class PeopleDirectoryTests(SuiteFixture suite)
{
    private static readonly Guid DevInvestigator = Guid.Parse("00000000-0000-4000-8000-000000000003");

    /// <summary>黄丽: an investigator of the Development directory without an account.</summary>
    private static readonly Guid HuangLi = Guid.Parse("00000000-0000-4000-8000-000000000013");

    /// <summary>马超: an investigator who left (inactive).</summary>
    private static readonly Guid MaChao = Guid.Parse("00000000-0000-4000-8000-000000000016");

    [Fact]
    public async Task Staff_read_the_investigators_by_name_and_an_applicant_may_not()
    {
        var staff = await suite.GatewayAsAsync("dev-operator");

        var investigators = await staff.GetFromJsonAsync<JsonElement[]>("/api/identity/people?role=investigator");

        var byId = investigators!.ToDictionary(p => p.GetProperty("id").GetGuid());
        Assert.Equal("李明", byId[DevInvestigator].GetProperty("displayName").GetString());
        Assert.True(byId[HuangLi].GetProperty("active").GetBoolean());
        Assert.False(byId[MaChao].GetProperty("active").GetBoolean());
        Assert.All(investigators!, p => Assert.Contains("investigator", p.GetProperty("roles").EnumerateArray().Select(r => r.GetString())));
        var active = await staff.GetFromJsonAsync<JsonElement[]>("/api/identity/people?role=investigator&active=true");
        Assert.DoesNotContain(active!, p => p.GetProperty("id").GetGuid() == MaChao);

        var one = await staff.GetFromJsonAsync<JsonElement>($"/api/identity/people/{DevInvestigator}");
        Assert.Equal("李明", one.GetProperty("displayName").GetString());
        var unknownRole = await staff.GetAsync("/api/identity/people?role=chief");
        Assert.Equal(HttpStatusCode.BadRequest, unknownRole.StatusCode);
        Assert.Contains("角色为以下之一", await unknownRole.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/identity/people/{Guid.NewGuid()}")).StatusCode);

        var applicant = await suite.GatewayAsAsync("dev-applicant");
        Assert.Equal(HttpStatusCode.Forbidden, (await applicant.GetAsync("/api/identity/people")).StatusCode);
    }

    [Fact]
    public async Task A_case_goes_to_an_active_investigator_of_the_directory_and_not_to_one_who_left()
    {
        var admin = await suite.GatewayAsAsync("dev-admin");
        var center = await (await admin.PostAsJsonAsync("/api/registry/centers", TestData.County())).Content.ReadFromJsonAsync<JsonElement>();
        var centerId = center.GetProperty("id").GetGuid();
        await SuiteFixture.EventuallyAsync(async () =>
                await suite.CountAsync("complaints", "select count(*) from units where id = $1", centerId) == 1,
            TimeSpan.FromSeconds(30), "Complaints holds the new center");
        var operatorClient = await suite.GatewayAsAsync("dev-operator");
        var filed = await (await operatorClient.PostAsJsonAsync("/api/complaints", new
        {
            channel = "96960",
            targetUnitId = centerId,
            category = "attitude",
            description = "大厅咨询台无人值守",
            occurredAt = DateTimeOffset.UtcNow.AddHours(-1),
            caller = new { name = "赵六", phone = "13700000000" },
            anonymous = false,
        })).Content.ReadFromJsonAsync<JsonElement>();
        var id = filed.GetProperty("id").GetGuid();

        var refused = await operatorClient.PostAsJsonAsync($"/api/complaints/{id}/assignment", new { investigatorId = MaChao });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("马超 已停用", await refused.Content.ReadAsStringAsync());

        var assigned = await operatorClient.PostAsJsonAsync($"/api/complaints/{id}/assignment", new { investigatorId = HuangLi });
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        Assert.Equal(HuangLi, (await assigned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("investigatorId").GetGuid());
    }
}
