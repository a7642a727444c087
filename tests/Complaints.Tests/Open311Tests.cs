using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StarPlatform.Complaints.Model;

namespace StarPlatform.Complaints.Tests;

/// <summary>Open311 GeoReport v2 (JSON) over the same intake: services, POST requests (form-encoded), GET requests.</summary>
[Collection(ComplaintsCollection.Name)]
public sealed class Open311Tests(ComplaintsFixture fixture)
{
    private const string V2 = "/api/complaints/open311/v2";

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        var errors = JsonDocument.Parse(body).RootElement;
        Assert.Equal(JsonValueKind.Array, errors.ValueKind);
        Assert.All(errors.EnumerateArray(), e =>
        {
            Assert.Equal((int)status, e.GetProperty("code").GetInt32());
            Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("description").GetString()));
        });
        return errors;
    }

    [Fact]
    public async Task The_services_are_the_complaint_categories()
    {
        var services = await (await fixture.Anonymous().GetAsync($"{V2}/services.json")).OkAsync();
        Assert.Equal(ComplaintRules.Categories, services.EnumerateArray().Select(s => s.Str("service_code")).ToList());
        Assert.All(services.EnumerateArray(), s =>
        {
            Assert.False(string.IsNullOrWhiteSpace(s.Str("service_name")));
            Assert.Equal("realtime", s.Str("type"));
            Assert.False(s.GetProperty("metadata").GetBoolean());
        });
    }

    [Fact]
    public async Task A_form_encoded_request_files_an_online_case_its_caller_follows_with_the_code_without_personal_data()
    {
        var window = await fixture.TargetAsync();
        var description = $"网上办事大厅提交后无人受理 {Guid.NewGuid():N}";
        var requested = DateTimeOffset.UtcNow.AddHours(-5);
        var before = await fixture.OutboxPositionAsync();

        var response = await fixture.Anonymous().PostAsync($"{V2}/requests.json", Form(
            ("service_code", "delay"), ("description", description), ("address_id", window.ToString()),
            ("first_name", "四"), ("last_name", "李"), ("phone", "13700000007"), ("email", "li.si@example.cn"),
            ("requested_datetime", requested.ToString("O"))));

        var created = await response.CreatedAsync();
        var caseNumber = created[0].Str("service_request_id");
        Assert.StartsWith("TS-", caseNumber, StringComparison.Ordinal);
        Assert.EndsWith($"/requests/{caseNumber}.json", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, await fixture.ScalarAsync(
            "select count(*) from complaints where case_number = $1 and channel = 'online' and category = 'delay' and target_unit_id = $2 and not anonymous and filed_by is null and protected_caller is not null",
            caseNumber, window));
        Assert.Equal(["ComplaintReceived"], (await fixture.EventsAfterAsync(before)).Select(e => Api.EventName(e.Type)).ToList());

        // The answer carries the lookup code; the number alone reads nothing back.
        var code = created[0].Str("lookup_code");
        Assert.Matches("^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$", code);
        Assert.Contains(code, created[0].Str("service_notice"), StringComparison.Ordinal);
        Assert.Contains("已受理", created[0].Str("service_notice"), StringComparison.Ordinal);
        await ErrorsAsync(await fixture.Anonymous().GetAsync($"{V2}/requests/{caseNumber}.json"), HttpStatusCode.NotFound);
        await ErrorsAsync(await fixture.Anonymous().GetAsync($"{V2}/requests/{caseNumber}.json?lookup_code=2222-2222"), HttpStatusCode.NotFound);

        var readResponse = await fixture.Anonymous().GetAsync($"{V2}/requests/{caseNumber}.json?lookup_code={code}");
        var text = await readResponse.Content.ReadAsStringAsync();
        var request = (await readResponse.OkAsync()).EnumerateArray().Single();
        Assert.Equal(caseNumber, request.Str("service_request_id"));
        Assert.Equal("open", request.Str("status"));
        Assert.Equal("delay", request.Str("service_code"));
        Assert.False(string.IsNullOrWhiteSpace(request.Str("service_name")));
        Assert.Equal("已受理，等待分派调查人员。", request.Str("status_notes"));
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from complaints where case_number = $1 and due_at = $2",
            caseNumber, request.GetProperty("expected_datetime").GetDateTimeOffset().ToUniversalTime()));
        Assert.True(request.GetProperty("updated_datetime").GetDateTimeOffset() >= request.GetProperty("requested_datetime").GetDateTimeOffset());
        foreach (var personal in new[] { description, "李", "13700000007", "li.si@example.cn" })
        {
            Assert.DoesNotContain(personal, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_request_without_contact_details_is_anonymous_and_media_url_is_an_attachment()
    {
        var window = await fixture.TargetAsync();
        var created = await (await fixture.Anonymous().PostAsync($"{V2}/requests.json", Form(
            ("service_code", "facilities"), ("description", "无障碍通道被占用"), ("attribute[target_unit_id]", window.ToString()),
            ("media_url", "https://example.cn/photo/1.jpg")))).CreatedAsync();
        Assert.Equal(1, await fixture.ScalarAsync(
            "select count(*) from complaints where case_number = $1 and anonymous and protected_caller is null and attachments[1] = 'https://example.cn/photo/1.jpg'",
            created[0].Str("service_request_id")));
    }

    [Fact]
    public async Task Invalid_requests_get_the_specs_error_array_and_write_nothing()
    {
        var window = await fixture.TargetAsync();
        var written = await fixture.WrittenAsync();

        var missing = await ErrorsAsync(await fixture.Anonymous().PostAsync($"{V2}/requests.json", Form(("description", "x"))), HttpStatusCode.BadRequest);
        Assert.Contains(missing.EnumerateArray(), e => e.Str("description").StartsWith("service_code", StringComparison.Ordinal));
        Assert.Contains(missing.EnumerateArray(), e => e.Str("description").StartsWith("address_id", StringComparison.Ordinal));

        await ErrorsAsync(await fixture.Anonymous().PostAsync($"{V2}/requests.json", Form(
            ("service_code", "parking"), ("description", "x"), ("address_id", window.ToString()))), HttpStatusCode.NotFound);
        var noDescription = await ErrorsAsync(await fixture.Anonymous().PostAsync($"{V2}/requests.json", Form(
            ("service_code", "fees"), ("address_id", window.ToString()), ("email", "not-an-address"))), HttpStatusCode.BadRequest);
        Assert.Contains(noDescription.EnumerateArray(), e => e.Str("description").StartsWith("description", StringComparison.Ordinal));
        Assert.Contains(noDescription.EnumerateArray(), e => e.Str("description").StartsWith("email", StringComparison.Ordinal));
        await ErrorsAsync(await fixture.Anonymous().PostAsync($"{V2}/requests.json", Form(
            ("service_code", "fees"), ("description", "x"), ("address_id", Guid.NewGuid().ToString()))), HttpStatusCode.UnprocessableEntity);
        await ErrorsAsync(await fixture.Anonymous().PostAsJsonAsync($"{V2}/requests.json", new { service_code = "fees" }), HttpStatusCode.UnsupportedMediaType);

        Assert.Equal(written, await fixture.WrittenAsync());
    }

    [Fact]
    public async Task A_retried_request_with_the_same_Idempotency_Key_gets_the_same_case()
    {
        var window = await fixture.TargetAsync();
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> PostAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{V2}/requests.json")
            {
                // No requested_datetime: the server fills in "now", and a retry still matches what was sent.
                Content = Form(("service_code", "attitude"), ("description", $"态度差 {key}"), ("address_id", window.ToString())),
            };
            request.Headers.Add("Idempotency-Key", key);
            return await fixture.Anonymous().SendAsync(request);
        }

        var first = (await (await PostAsync()).CreatedAsync())[0].Str("service_request_id");
        var again = await PostAsync();
        Assert.Equal(first, (await again.CreatedAsync())[0].Str("service_request_id"));
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from complaints where description = $1", $"态度差 {key}"));
    }

    [Fact]
    public async Task Requests_are_looked_up_by_case_number_and_code_closed_ones_say_closed_and_12388_reports_are_never_shown()
    {
        var window = await fixture.TargetAsync();
        var operatorClient = fixture.As("operator");
        var openCase = await (await operatorClient.FileAsync(Api.Intake(window))).CreatedAsync();
        var open = openCase.Str("caseNumber");
        var closed = await (await operatorClient.FileAsync(Api.Intake(window))).CreatedAsync();
        await fixture.ScalarAsync("update complaints set status = 'closed', closed_at = now() where id = $1 returning 1", closed.Id());
        var disciplineCase = await (await fixture.As("discipline").FileAsync(Api.Intake(window, channel: "12388"))).CreatedAsync();
        var discipline = disciplineCase.Str("caseNumber");
        var wrongCode = await (await operatorClient.FileAsync(Api.Intake(window))).CreatedAsync();

        // Each number with its code at the same place; one with another case's code is left out.
        var found = await (await fixture.Anonymous().GetAsync(
            $"{V2}/requests.json?service_request_id={open},{closed.Str("caseNumber")},{discipline},TS-1999-000001,{wrongCode.Str("caseNumber")}" +
            $"&lookup_code={openCase.Str("lookupCode")},{closed.Str("lookupCode")},{disciplineCase.Str("lookupCode")},2222-2222,{openCase.Str("lookupCode")}")).OkAsync();
        var statuses = found.EnumerateArray().ToDictionary(r => r.Str("service_request_id"), r => r.Str("status"));
        Assert.Equal(new Dictionary<string, string> { [open] = "open", [closed.Str("caseNumber")] = "closed" }, statuses);
        // English when asked.
        var english = new HttpRequestMessage(HttpMethod.Get, $"{V2}/requests/{open}.json?lookup_code={openCase.Str("lookupCode")}");
        english.Headers.AcceptLanguage.ParseAdd("en-GB");
        Assert.Equal("Received; waiting to be assigned to an investigator.",
            (await (await fixture.Anonymous().SendAsync(english)).OkAsync())[0].Str("status_notes"));

        await ErrorsAsync(await fixture.Anonymous().GetAsync($"{V2}/requests/{discipline}.json?lookup_code={disciplineCase.Str("lookupCode")}"), HttpStatusCode.NotFound);
        await ErrorsAsync(await fixture.Anonymous().GetAsync($"{V2}/requests.json"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Status_notes_and_errors_are_Chinese_first_with_the_finding_and_English_when_asked()
    {
        var filed = await (await fixture.Anonymous().FileAsync(Api.Intake(await fixture.TargetAsync(), channel: "online", anonymous: true)))
            .CreatedAsync();
        var (id, number, code) = (filed.Id(), filed.Str("caseNumber"), filed.Str("lookupCode"));
        var discipline = fixture.As("discipline");
        var investigatorId = await fixture.InvestigatorAsync();
        var investigator = fixture.As("investigator", investigatorId);
        await (await discipline.PostAsJsonAsync($"/api/complaints/{id}/assignment", new { investigatorId })).OkAsync();
        await (await investigator.PostAsJsonAsync($"/api/complaints/{id}/investigation", new { })).OkAsync();
        await (await investigator.PostAsJsonAsync($"/api/complaints/{id}/finding",
            new { substantiated = true, violation = false, summary = "经核查，窗口人员态度生硬属实" })).OkAsync();

        async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? language, HttpContent? content = null)
        {
            var request = new HttpRequestMessage(method, url) { Content = content };
            if (language is not null)
            {
                request.Headers.AcceptLanguage.ParseAdd(language);
            }

            return await fixture.Anonymous().SendAsync(request);
        }

        var url = $"{V2}/requests/{number}.json?lookup_code={code}";
        var chinese = (await (await SendAsync(HttpMethod.Get, url, null)).OkAsync())[0].Str("status_notes");
        Assert.EndsWith("调查结论：经核查，窗口人员态度生硬属实", chinese, StringComparison.Ordinal);
        Assert.Matches(@"^\p{IsCJKUnifiedIdeographs}", chinese);
        var english = (await (await SendAsync(HttpMethod.Get, url, "en")).OkAsync())[0].Str("status_notes");
        Assert.EndsWith("Finding: 经核查，窗口人员态度生硬属实", english, StringComparison.Ordinal);
        Assert.Matches("^[A-Z][a-z]", english);

        // The errors: zh-CN without Accept-Language, en when asked; the fields keep the spec's names.
        var missing = await SendAsync(HttpMethod.Post, $"{V2}/requests.json", null, Form(("description", "x")));
        Assert.Equal("zh-CN", missing.Content.Headers.ContentLanguage.Single());
        var errors = (await ErrorsAsync(missing, HttpStatusCode.BadRequest)).EnumerateArray().Select(e => e.Str("description")).ToList();
        Assert.Contains("service_code：必填（GET services.json 列出可选值）。", errors);
        Assert.All(errors, e => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", e));
        var missingEnglish = await SendAsync(HttpMethod.Post, $"{V2}/requests.json", "en-GB,en;q=0.8", Form(("description", "x")));
        Assert.Equal("en", missingEnglish.Content.Headers.ContentLanguage.Single());
        Assert.Contains("service_code: required (GET services.json lists them).",
            (await ErrorsAsync(missingEnglish, HttpStatusCode.BadRequest)).EnumerateArray().Select(e => e.Str("description")));

        var unknown = await ErrorsAsync(await SendAsync(HttpMethod.Get, $"{V2}/requests/TS-1999-000001.json?lookup_code={code}", null), HttpStatusCode.NotFound);
        Assert.Equal("service_request_id：没有与此 lookup_code 相符的请求“TS-1999-000001”。", unknown[0].Str("description"));
        var form = await ErrorsAsync(await SendAsync(HttpMethod.Post, $"{V2}/requests.json", null, JsonContent.Create(new { service_code = "fees" })),
            HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("服务请求须为表单编码（application/x-www-form-urlencoded）。", form[0].Str("description"));
        // A refusal of the intake (an unknown unit, 422) and its field messages (400) are translated too.
        var refused = await ErrorsAsync(await SendAsync(HttpMethod.Post, $"{V2}/requests.json", null, Form(
            ("service_code", "fees"), ("description", "x"), ("address_id", Guid.NewGuid().ToString()))), HttpStatusCode.UnprocessableEntity);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", refused[0].Str("description"));
        var invalid = await ErrorsAsync(await SendAsync(HttpMethod.Post, $"{V2}/requests.json", null, Form(
            ("service_code", "fees"), ("address_id", Guid.NewGuid().ToString()), ("email", "not-an-address"))), HttpStatusCode.BadRequest);
        Assert.All(invalid.EnumerateArray(), e => Assert.Matches(@"^[a-z_]+：\p{IsCJKUnifiedIdeographs}", e.Str("description")));
    }
}
