using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace StarPlatform.Registry.Tests;

/// <summary>Bulk import of outlets: idempotent, all or nothing, every bad row reported.</summary>
[Collection(RegistryCollection.Name)]
public class ImportApiTests(RegistryFixture registry)
{
    private const string Import = "/api/registry/outlets/import";

    [Fact]
    public async Task Hundreds_of_outlets_import_with_parents_by_division_code_and_importing_the_file_again_changes_nothing()
    {
        var admin = registry.As();
        var county = await admin.CountyAsync();
        var code = county.Str("divisionCode");
        // 20 townships with 15 village points each, villages listed before their townships.
        var townships = Enumerable.Range(1, 20).Select(t => new { name = $"第{t}镇便民服务中心", level = "township", divisionCode = $"{code}{t:000}", parentDivisionCode = code }).ToList();
        var villages = townships.SelectMany(t => Enumerable.Range(1, 15).Select(v =>
            new { name = $"{t.name}第{v}村便民服务点", level = "village", divisionCode = $"{t.divisionCode}{v:000}", parentDivisionCode = t.divisionCode }));
        var rows = villages.Cast<object>().Concat(townships).ToList();
        var position = await registry.OutboxPositionAsync();

        var report = await (await admin.PostAsJsonAsync(Import, rows)).OkAsync();

        Assert.Equal(320, report.GetProperty("created").GetInt32());
        Assert.Equal(0, report.GetProperty("unchanged").GetInt32());
        Assert.Equal(320, (await registry.EventsAfterAsync(position)).Count(e => e.Type.StartsWith("StarPlatform.Contracts.OutletRegistered,", StringComparison.Ordinal)));
        var subtree = await (await registry.Anonymous().GetAsync($"/api/registry/units/{county.Id()}/subtree?level=village&pageSize=1")).OkAsync();
        Assert.Equal(300, subtree.GetProperty("total").GetInt32());

        var before = await registry.WrittenAsync();
        var again = await (await admin.PostAsJsonAsync(Import, new { outlets = rows })).OkAsync();
        Assert.Equal(0, again.GetProperty("created").GetInt32());
        Assert.Equal(320, again.GetProperty("unchanged").GetInt32());
        Assert.Equal(before, await registry.WrittenAsync());
    }

    [Fact]
    public async Task A_CSV_import_names_parents_by_id_or_division_code_and_reads_quoted_fields()
    {
        var admin = registry.As();
        var county = await admin.CountyAsync();
        var code = county.Str("divisionCode");
        var csv = $"""
            name,level,divisionCode,parentId,parentDivisionCode,address
            甲镇便民服务中心,township,{code}001,{county.Id()},,"眉山市某县,甲镇 ""中心""街 1 号"
            甲村便民服务点,village,{code}001001,,{code}001,
            一组代办点,group,,,{code}001001,
            """;

        var report = await (await admin.PostAsync(Import, new StringContent(csv, Encoding.UTF8, "text/csv"))).OkAsync();

        Assert.Equal(3, report.GetProperty("created").GetInt32());
        var rows = report.GetProperty("rows").EnumerateArray().ToList();
        var township = await (await registry.Anonymous().GetAsync($"/api/registry/outlets/{rows[0].Id()}")).OkAsync();
        Assert.Equal("眉山市某县,甲镇 \"中心\"街 1 号", township.Str("address"));
        var group = await (await registry.Anonymous().GetAsync($"/api/registry/outlets/{rows[2].Id()}")).OkAsync();
        Assert.Equal(rows[1].Id(), group.GetProperty("parentId").GetGuid());
    }

    [Fact]
    public async Task An_import_with_bad_rows_reports_every_one_and_writes_nothing()
    {
        var admin = registry.As();
        var county = await admin.CountyAsync();
        var code = county.Str("divisionCode");
        await admin.OutletAsync("township", county.Id(), $"{code}009", name: "已有镇");
        var rows = new object[]
        {
            new { name = "好镇", level = "township", divisionCode = $"{code}001", parentDivisionCode = code },
            new { name = "", level = "street", parentDivisionCode = code },
            new { name = "错层村", level = "village", parentDivisionCode = code },
            new { name = "无父村", level = "village", parentDivisionCode = "999999999" },
            new { name = "双父村", level = "village", parentId = county.Id(), parentDivisionCode = code },
            new { name = "重码镇", level = "township", divisionCode = $"{code}001", parentDivisionCode = code },
            new { name = "改名镇", level = "township", divisionCode = $"{code}009", parentDivisionCode = code },
            new { name = "坏号村", level = "village", parentId = "not-a-guid" },
        };
        var before = await registry.WrittenAsync();

        var problem = await (await admin.PostAsJsonAsync(Import, rows)).ProblemAsync((HttpStatusCode)422);

        var badRows = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name[..(e.Name.IndexOf(']') + 1)]).Distinct().ToList();
        Assert.Equal(["rows[2]", "rows[3]", "rows[4]", "rows[5]", "rows[6]", "rows[7]", "rows[8]"], badRows.Order());
        Assert.Equal(before, await registry.WrittenAsync());

        await (await admin.PostAsync(Import, new StringContent("name,colour\nx,y", Encoding.UTF8, "text/csv"))).ProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PostAsync(Import, new StringContent("[{\"name\": ", Encoding.UTF8, "application/json"))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await admin.PostAsync(Import, new StringContent("x", Encoding.UTF8, "text/plain"))).StatusCode);
        await (await registry.As("operator").PostAsJsonAsync(Import, rows)).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(before, await registry.WrittenAsync());
    }

    [Fact]
    public async Task An_import_row_with_a_value_that_is_not_text_is_named_and_nothing_is_written()
    {
        var admin = registry.As();
        var county = await admin.CountyAsync();
        var before = await registry.WrittenAsync();
        var body = $$"""{"outlets": [{"name": "好镇", "level": "township", "parentId": "{{county.Id()}}"}, {"Name": 7, "level": "township"}, null]}""";

        var problem = await (await admin.PostAsync(Import, new StringContent(body, Encoding.UTF8, "application/json"))).ProblemAsync(HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.Equal(["rows[2].name", "rows[3]"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal("该值应为文本（JSON 字符串）。", errors.GetProperty("rows[2].name")[0].GetString());
        Assert.Equal(before, await registry.WrittenAsync());
    }
}
