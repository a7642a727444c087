using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using MassTransit;
using StarPlatform.Contracts;

namespace StarPlatform.Suite.Tests;

/// <summary>A hotline case through the gateway: logged, assigned, investigated, substantiated, announced.</summary>
[Collection(SuiteCollection.Name)]
public class ComplaintsTests(SuiteFixture suite)
{
    /// <summary>Anonymous submissions from this test's own address: the shared 127.0.0.1 allowance is other tests'.</summary>
    private HttpClient OwnAddress => _ownAddress ??= suite.FromAddress();

    private HttpClient? _ownAddress;

    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(30);

    /// <summary>dev-investigator's actor id (README: Development clients).</summary>
    private static readonly Guid DevInvestigator = Guid.Parse("00000000-0000-4000-8000-000000000003");

    [Fact]
    public async Task An_operator_logs_a_96960_complaint_against_a_window_and_the_investigators_substantiation_is_published()
    {
        var admin = await suite.GatewayAsAsync("dev-admin");
        var center = await (await admin.PostAsJsonAsync("/api/registry/centers", TestData.County())).Content.ReadFromJsonAsync<JsonElement>();
        var windowResponse = await admin.PostAsJsonAsync($"/api/registry/centers/{center.GetProperty("id").GetGuid()}/windows",
            new { department = "市场监管局", name = $"登记窗口 {Guid.NewGuid():N}" });
        Assert.Equal(HttpStatusCode.Created, windowResponse.StatusCode);
        var windowId = (await windowResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await SuiteFixture.EventuallyAsync(async () =>
                await suite.CountAsync("complaints", "select count(*) from units where id = $1", windowId) == 1,
            Delivery, "Complaints holds the new window");

        // Listen for ComplaintSubstantiated on the broker, as Scoring's and Awards' queues will.
        var substantiated = new TaskCompletionSource<ComplaintSubstantiated>(TaskCreationOptions.RunContinuationsAsynchronously);
        var broker = new Uri((await suite.App.GetConnectionStringAsync("messaging"))!);
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(broker);
            cfg.ReceiveEndpoint($"suite-complaint-substantiated-{Guid.NewGuid():N}", e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                e.Handler<ComplaintSubstantiated>(context =>
                {
                    if (context.Message.TargetUnitId == windowId)
                    {
                        substantiated.TrySetResult(context.Message);
                    }

                    return Task.CompletedTask;
                });
            });
        });
        await bus.StartAsync();
        try
        {
            var operatorClient = await suite.GatewayAsAsync("dev-operator");
            var filedResponse = await operatorClient.PostAsJsonAsync("/api/complaints", new
            {
                channel = "96960",
                targetUnitId = windowId,
                category = "attitude",
                description = "窗口工作人员拒绝解释办理材料要求",
                occurredAt = DateTimeOffset.UtcNow.AddHours(-2),
                caller = new { name = "王五", phone = "13900000000" },
                anonymous = false,
            });
            Assert.Equal(HttpStatusCode.Created, filedResponse.StatusCode);
            var filed = await filedResponse.Content.ReadFromJsonAsync<JsonElement>();
            var id = filed.GetProperty("id").GetGuid();
            Assert.StartsWith("TS-", filed.GetProperty("caseNumber").GetString(), StringComparison.Ordinal);

            Assert.Equal(HttpStatusCode.OK, (await operatorClient.PostAsJsonAsync($"/api/complaints/{id}/assignment", new { investigatorId = DevInvestigator })).StatusCode);
            var investigator = await suite.GatewayAsAsync("dev-investigator");
            Assert.Equal(HttpStatusCode.OK, (await investigator.PostAsJsonAsync($"/api/complaints/{id}/investigation", new { })).StatusCode);
            var finding = await investigator.PostAsJsonAsync($"/api/complaints/{id}/finding",
                new { substantiated = true, violation = false, summary = "经核实，窗口人员服务态度生硬，投诉属实" });
            Assert.Equal(HttpStatusCode.OK, finding.StatusCode);
            Assert.Equal("substantiated", (await finding.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

            var message = await substantiated.Task.WaitAsync(Delivery);
            Assert.Equal(id, message.ComplaintId);
            Assert.Equal(UnitKind.Window, message.TargetKind);

            var read = await (await investigator.GetAsync($"/api/complaints/{id}")).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("substantiated", read.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Null, read.GetProperty("caller").ValueKind);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    [Fact]
    public async Task A_citizen_files_online_and_follows_the_case_with_its_lookup_code_and_without_it_sees_nothing()
    {
        var windowId = await new ScoringSteps(suite).WindowAsync();
        var filed = await (await OwnAddress.PostAsJsonAsync("/api/complaints", new
        {
            channel = "online", targetUnitId = windowId, category = "delay", description = "网上申报后十天无人受理",
            occurredAt = DateTimeOffset.UtcNow.AddDays(-1), anonymous = true,
        })).Content.ReadFromJsonAsync<JsonElement>();
        var number = filed.GetProperty("caseNumber").GetString()!;
        var code = filed.GetProperty("lookupCode").GetString()!;

        async Task<HttpResponseMessage> TrackAsync(string? lookupCode)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/complaints/track/{number}");
            if (lookupCode is not null)
            {
                request.Headers.Add("Lookup-Code", lookupCode);
            }

            var response = await suite.Gateway.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            return response;
        }

        var tracked = await TrackAsync(code);
        Assert.Equal(HttpStatusCode.OK, tracked.StatusCode);
        var body = await tracked.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("已受理，等待分派调查人员。", body.GetProperty("statusText").GetString());
        Assert.Equal("received", body.GetProperty("timeline")[0].GetProperty("step").GetString());

        foreach (var wrong in new[] { null, "2222-2222" })
        {
            var refused = await TrackAsync(wrong);
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.DoesNotContain("delay", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await suite.Gateway.GetAsync($"/api/complaints/open311/v2/requests/{number}.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await suite.Gateway.GetAsync($"/api/complaints/open311/v2/requests/{number}.json?lookup_code={code}")).StatusCode);
    }
}
