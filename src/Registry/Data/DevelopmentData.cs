using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace StarPlatform.Registry.Data;

/// <summary>
/// Development data for the README's walkthrough: Meishan's city center, its district and
/// county centers, a few windows each, and some township and village outlets, loaded through
/// the gateway with the <c>dev-admin</c> client as an administrator would. Tests never assume it.
/// Running it again adds nothing: creations carry Idempotency-Keys, existing units are found
/// by division code, and the outlets go through the (idempotent) bulk import.
/// The city center is registered under the id of the unit <c>dev-applicant</c> acts for (its token's
/// <c>unit_id</c>, Identity's <c>STAR_DEV_APPLICANT_UNIT_ID</c>), so the Development applicant can file.
/// </summary>
public static class DevelopmentData
{
    private const string City = "511400";

    /// <summary>Division code, name, floor area in m² of each district/county center (区/县政务服务中心).</summary>
    private static readonly (string Code, string Name, decimal FloorArea)[] Counties =
    [
        ("511402", "东坡区政务服务中心", 6800),
        ("511403", "彭山区政务服务中心", 4200),
        ("511421", "仁寿县政务服务中心", 7500),
        ("511423", "洪雅县政务服务中心", 3100),
        ("511424", "丹棱县政务服务中心", 2400),
        ("511425", "青神县政务服务中心", 1800),
    ];

    private static readonly (string Department, string Name, int Items)[] CityWindows =
    [
        ("市发展和改革委员会", "投资项目审批窗口", 42),
        ("市市场监督管理局", "企业登记窗口", 65),
        ("市公安局", "出入境窗口", 18),
        ("市自然资源和规划局", "不动产登记窗口", 27),
    ];

    private static readonly (string Department, string Name, int Items)[] CountyWindows =
    [
        ("市场监督管理局", "企业登记窗口", 38),
        ("人力资源和社会保障局", "社保经办窗口", 24),
        ("住房和城乡建设局", "建设审批窗口", 19),
    ];

    /// <summary>Township outlets (nine-digit codes) and the village points under each (twelve digits).</summary>
    private static readonly (string Code, string Name, string County, string[] Villages)[] Townships =
    [
        ("511402001", "通惠街道便民服务中心", "511402", ["白塔社区便民服务室", "环湖社区便民服务室"]),
        ("511402002", "大石桥街道便民服务中心", "511402", ["红星社区便民服务室", "新桥社区便民服务室"]),
        ("511402101", "太和镇便民服务中心", "511402", ["太和村便民服务点", "金龙村便民服务点"]),
        ("511403100", "彭溪镇便民服务中心", "511403", ["江渔村便民服务点"]),
        ("511421100", "文林镇便民服务中心", "511421", ["书院村便民服务点", "桂花村便民服务点"]),
        ("511423100", "洪川镇便民服务中心", "511423", ["洪川社区便民服务室"]),
        ("511424100", "丹棱镇便民服务中心", "511424", ["龙鹄村便民服务点"]),
        ("511425100", "青竹街道便民服务中心", "511425", ["竹林社区便民服务室"]),
    ];

    /// <summary><c>seed-dev [--gateway http://localhost:5080]</c>; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var gateway = args.Length >= 2 && args[0] == "--gateway" ? args[1]
            : Environment.GetEnvironmentVariable("STAR_GATEWAY_URL")
              ?? $"http://localhost:{Environment.GetEnvironmentVariable("STAR_GATEWAY_PORT") ?? "5080"}";
        using var http = new HttpClient { BaseAddress = new Uri(gateway) };
        try
        {
            await SeedAsync(http, Console.Out);
            return 0;
        }
        catch (HttpRequestException ex)
        {
            await Console.Error.WriteLineAsync($"seed-dev: {ex.Message} (is ./run.sh running, gateway {gateway}?)");
            return 1;
        }
    }

    public static async Task SeedAsync(HttpClient http, TextWriter log)
    {
        var token = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "dev-admin",
            ["client_secret"] = "dev-admin-secret",
        }));
        await EnsureAsync(token, "token for dev-admin");
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);

        var applicantUnit = await ApplicantUnitAsync(http);
        var unregistered = applicantUnit is { } unit && !await RegisteredAsync(http, unit) ? applicantUnit : null;
        var city = await CenterAsync(http, new
        {
            name = "眉山市政务服务中心", level = "city", divisionCode = City, address = "眉山市东坡区湖滨路南段",
            floorAreaM2 = 16000, hotlines = new[] { "96196", "12388", "96960" }, id = unregistered,
        }, City, "city");
        await log.WriteLineAsync($"city center {city}");
        if (unregistered is { } wanted && wanted != city)
        {
            await log.WriteLineAsync($"dev-applicant acts for unit {wanted}, which is not registered (the city center was registered "
                + $"before as {city}): set STAR_DEV_APPLICANT_UNIT_ID={city} and restart ./run.sh");
        }
        else if (applicantUnit is { } acting)
        {
            await log.WriteLineAsync($"dev-applicant acts for unit {acting}");
        }
        foreach (var w in CityWindows)
        {
            await WindowAsync(http, city, w.Department, w.Name, w.Items);
        }

        foreach (var county in Counties)
        {
            var id = await CenterAsync(http, new
            {
                name = county.Name, level = "county", divisionCode = county.Code, parentId = city,
                floorAreaM2 = county.FloorArea, hotlines = new[] { "96196", "96960" },
            }, county.Code, "county");
            await log.WriteLineAsync($"county center {county.Code} {id}");
            foreach (var w in CountyWindows)
            {
                await WindowAsync(http, id, w.Department, w.Name, w.Items);
            }
        }

        var rows = Townships.SelectMany(t =>
            new[] { new { name = t.Name, level = "township", divisionCode = t.Code, parentDivisionCode = t.County } }
                .Concat(t.Villages.Select((v, i) => new
                {
                    name = v, level = "village", divisionCode = $"{t.Code}{i + 1:000}", parentDivisionCode = t.Code,
                })))
            .ToList();
        var import = await http.PostAsJsonAsync("/api/registry/outlets/import", rows);
        await EnsureAsync(import, "outlet import");
        var report = await import.Content.ReadFromJsonAsync<JsonElement>();
        await log.WriteLineAsync(
            $"outlets: {report.GetProperty("created").GetInt32()} created, {report.GetProperty("unchanged").GetInt32()} unchanged");
    }

    /// <summary>The unit the <c>dev-applicant</c> client acts for: its token's <c>unit_id</c>; null without that client.</summary>
    private static async Task<Guid?> ApplicantUnitAsync(HttpClient http)
    {
        using var token = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "dev-applicant",
            ["client_secret"] = "dev-applicant-secret",
        }));
        if (!token.IsSuccessStatusCode)
        {
            return null;
        }

        var jwt = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
        var claims = JsonDocument.Parse(Convert.FromBase64String(payload)).RootElement;
        return claims.TryGetProperty("unit_id", out var unitId) && Guid.TryParse(unitId.GetString(), out var id) ? id : null;
    }

    private static async Task<bool> RegisteredAsync(HttpClient http, Guid unit)
    {
        foreach (var kind in new[] { "centers", "windows", "outlets" })
        {
            using var response = await http.GetAsync($"/api/registry/{kind}/{unit}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<Guid> CenterAsync(HttpClient http, object body, string divisionCode, string level)
    {
        var existing = await http.GetFromJsonAsync<JsonElement>($"/api/registry/centers?divisionCode={divisionCode}&level={level}");
        if (existing.GetProperty("total").GetInt32() > 0)
        {
            return existing.GetProperty("items")[0].GetProperty("id").GetGuid();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/registry/centers") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", $"seed-dev-center-{divisionCode}-{level}");
        var response = await http.SendAsync(request);
        await EnsureAsync(response, $"center {divisionCode}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task WindowAsync(HttpClient http, Guid center, string department, string name, int items)
    {
        var response = await http.PostAsJsonAsync($"/api/registry/centers/{center}/windows",
            new { department, name, approvalItemCount = items });
        if (response.StatusCode != HttpStatusCode.Conflict)
        {
            await EnsureAsync(response, $"window {department} {name}");
        }
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
