using StarPlatform.Http;
using StarPlatform.Registry.Model;

namespace StarPlatform.Registry.Tests;

public class UnitRulesTests
{
    private static UnitRef Unit(UnitKind kind, UnitLevel level, UnitStatus status = UnitStatus.Active, string? code = null) =>
        new(Guid.NewGuid(), kind, level, null, $"{level}", code, status);

    private static OutletDraft Draft(OutletLevel level, string? code = null) => new("某点", level, code, null);

    [Theory]
    [InlineData(OutletLevel.Township, UnitKind.Center, UnitLevel.County, true)]
    [InlineData(OutletLevel.Township, UnitKind.Center, UnitLevel.City, false)]
    [InlineData(OutletLevel.Village, UnitKind.Outlet, UnitLevel.Township, true)]
    [InlineData(OutletLevel.Village, UnitKind.Center, UnitLevel.County, false)]
    [InlineData(OutletLevel.Group, UnitKind.Outlet, UnitLevel.Village, true)]
    [InlineData(OutletLevel.Group, UnitKind.Outlet, UnitLevel.Township, false)]
    [InlineData(OutletLevel.Township, UnitKind.Window, UnitLevel.County, false)]
    public void An_outlet_s_parent_is_the_level_above_it(OutletLevel level, UnitKind parentKind, UnitLevel parentLevel, bool fits)
    {
        var parent = Unit(parentKind, parentLevel);
        Assert.Equal(fits, OutletRules.ParentProblem(Draft(level), parent.Id, parent) is null);
    }

    [Fact]
    public void An_outlet_needs_an_existing_active_parent_whose_division_code_contains_its_own()
    {
        var county = Unit(UnitKind.Center, UnitLevel.County, code: "511402");
        Assert.NotNull(OutletRules.ParentProblem(Draft(OutletLevel.Township), Guid.NewGuid(), null));
        Assert.NotNull(OutletRules.ParentProblem(Draft(OutletLevel.Township), county.Id, county with { Status = UnitStatus.Suspended }));
        Assert.Null(OutletRules.ParentProblem(Draft(OutletLevel.Township, "511402001"), county.Id, county));
        Assert.NotNull(OutletRules.ParentProblem(Draft(OutletLevel.Township, "511403001"), county.Id, county));
    }

    [Theory]
    [InlineData("township", "511402001", true)]
    [InlineData("township", "511402", false)]
    [InlineData("village", "511402001001", true)]
    [InlineData("village", "51140200100A", false)]
    [InlineData("group", "511402001001", false)]
    [InlineData("group", null, true)]
    public void Division_codes_below_the_county_have_nine_or_twelve_digits_and_groups_have_none(string level, string? code, bool valid) =>
        Assert.Equal(valid, OutletRules.Validate("某点", level, code, null, out _).Count == 0);

    [Fact]
    public void A_unit_closes_only_when_every_unit_below_it_is_closed_and_a_closed_unit_stays_closed()
    {
        var open = Unit(UnitKind.Outlet, UnitLevel.Village, UnitStatus.Suspended);
        var closed = Unit(UnitKind.Outlet, UnitLevel.Village, UnitStatus.Closed);

        Assert.NotNull(UnitRules.StatusChangeProblem(UnitStatus.Active, UnitStatus.Closed, [open, closed]));
        Assert.Null(UnitRules.StatusChangeProblem(UnitStatus.Active, UnitStatus.Closed, [closed]));
        Assert.Null(UnitRules.StatusChangeProblem(UnitStatus.Active, UnitStatus.Suspended, [open]));
        Assert.NotNull(UnitRules.StatusChangeProblem(UnitStatus.Closed, UnitStatus.Active, []));
    }

    [Theory]
    [InlineData("\"42\"", true)]
    [InlineData("W/\"42\"", true)]
    [InlineData("\"41\", \"42\"", true)]
    [InlineData("*", true)]
    [InlineData("\"41\"", false)]
    [InlineData("42", false)]
    public void If_Match_holds_for_the_current_version_only(string header, bool holds) =>
        Assert.Equal(holds, UnitRules.IfMatchHolds(header, 42));

    [Fact]
    public void A_patch_reports_only_the_fields_that_really_changed()
    {
        var center = new Center { Name = "中心", DivisionCode = "511402", FloorAreaM2 = 3000, Hotlines = ["96196"] };
        var errors = CenterRules.ValidatePatch("中心", "", 3500, ["96960", "96196"], null, out var patch);

        Assert.Empty(errors);
        Assert.Equal(["floorAreaM2", "hotlines"], CenterRules.Apply(center, patch!));
        Assert.Equal(["96196", "96960"], center.Hotlines);
    }

    [Fact]
    public void Paging_is_one_based_with_at_most_200_a_page()
    {
        var errors = new FieldErrors();
        Assert.Equal((1, 50), Paging.Check(errors, null, null));
        Assert.Empty(errors);
        Paging.Check(errors, 0, 201);
        Assert.Equal(["page", "pageSize"], errors.Keys.Order());
    }

    [Fact]
    public void Csv_reads_quoted_fields_with_commas_quotes_and_line_breaks()
    {
        var records = Csv.Read("\uFEFFa,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\n\n,,\n");

        Assert.Equal(3, records.Count);
        Assert.Equal(["x,1", "say \"hi\"", "two\nlines"], records[1]);
        Assert.Equal(["", "", ""], records[2]);
        Assert.Throws<FormatException>(() => Csv.Read("\"open"));
    }
}

public class OutletImportTests
{
    private static readonly UnitRef County = new(Guid.NewGuid(), UnitKind.Center, UnitLevel.County, null, "县中心", "511402", UnitStatus.Active);

    private static ImportPlan Plan(IReadOnlyList<ImportRow> rows, IReadOnlyCollection<Outlet>? outlets = null) =>
        OutletImport.Plan(rows, [County], outlets ?? [], Guid.NewGuid, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Parents_named_by_division_code_are_found_in_the_file_in_any_order()
    {
        var plan = Plan([
            new ImportRow(1, "村", "village", "511402001001", null, "511402001", null),
            new ImportRow(2, "镇", "township", "511402001", null, "511402", null),
        ]);

        Assert.Empty(plan.Errors);
        var village = plan.ToCreate.Single(o => o.Level == OutletLevel.Village);
        var township = plan.ToCreate.Single(o => o.Level == OutletLevel.Township);
        Assert.Equal(township.Id, village.ParentId);
        Assert.Equal(County.Id, township.ParentId);
        Assert.Equal([County.Id], plan.ExistingParents);
    }

    [Fact]
    public void Rows_already_registered_with_the_same_data_are_unchanged_and_create_nothing()
    {
        var first = Plan([new ImportRow(1, "镇", "township", "511402001", null, "511402", null)]);
        var again = Plan([new ImportRow(1, "镇", "township", "511402001", null, "511402", null)], first.ToCreate);

        Assert.Empty(again.Errors);
        Assert.Empty(again.ToCreate);
        Assert.False(Assert.Single(again.Outcomes).Created);
    }

    [Fact]
    public void Any_bad_row_means_nothing_is_created_and_parents_that_lead_back_to_themselves_are_bad()
    {
        var plan = Plan([
            new ImportRow(1, "镇", "township", "511402001", null, "511402", null),
            new ImportRow(2, "甲村", "village", "511402002001", null, "511402002003", null),
            new ImportRow(3, "乙村", "village", "511402002003", null, "511402002001", null),
        ]);

        Assert.Empty(plan.ToCreate);
        Assert.Contains("rows[2].parentDivisionCode", plan.Errors.Keys);
        Assert.Contains("rows[3].parentDivisionCode", plan.Errors.Keys);
        Assert.DoesNotContain(plan.Errors.Keys, k => k.StartsWith("rows[1]", StringComparison.Ordinal));
    }
}
