using StarPlatform.Registry.Model;

namespace StarPlatform.Registry.Tests;

public class CenterRulesTests
{
    private static Dictionary<string, string[]> Validate(
        string? name = "眉山市政务服务中心", string? level = "city", string? divisionCode = "511400",
        Guid? parentId = null, string? address = null, decimal? floorAreaM2 = 15000m) =>
        CenterRules.Validate(name, level, divisionCode, parentId, address, floorAreaM2, out _);

    [Fact]
    public void A_complete_city_center_is_valid_and_normalised()
    {
        var errors = CenterRules.Validate("  东坡区政务服务中心 ", "county", "511402", null, "  ", 6000m, out var draft);

        Assert.Empty(errors);
        Assert.NotNull(draft);
        Assert.Equal("东坡区政务服务中心", draft.Name);
        Assert.Equal(CenterLevel.County, draft.Level);
        Assert.Null(draft.Address);
        Assert.Equal(6000m, draft.FloorAreaM2);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_center_needs_a_name(string? name) =>
        Assert.Contains("name", Validate(name: name).Keys);

    [Fact]
    public void A_name_longer_than_200_characters_is_refused()
    {
        Assert.Empty(Validate(name: new string('中', CenterRules.MaxNameLength)));
        Assert.Contains("name", Validate(name: new string('中', CenterRules.MaxNameLength + 1)).Keys);
    }

    [Theory]
    [InlineData("township")]
    [InlineData("City")]
    [InlineData("")]
    [InlineData(null)]
    public void A_center_is_city_or_county_level_only(string? level) =>
        Assert.Contains("level", Validate(level: level).Keys);

    [Theory]
    [InlineData("51140")]
    [InlineData("5114000")]
    [InlineData("051140")]
    [InlineData("51140a")]
    [InlineData(null)]
    public void A_division_code_is_six_digits(string? code) =>
        Assert.Contains("divisionCode", Validate(divisionCode: code).Keys);

    [Theory]
    [InlineData(-0.5)]
    [InlineData(1000000.5)]
    public void A_floor_area_outside_0_to_a_million_square_metres_is_refused(double area) =>
        Assert.Contains("floorAreaM2", Validate(floorAreaM2: (decimal)area).Keys);

    [Fact]
    public void A_missing_floor_area_is_refused_because_item_3_is_scored_from_it() =>
        Assert.Contains("floorAreaM2", Validate(floorAreaM2: null).Keys);

    [Fact]
    public void Every_field_error_is_reported_at_once()
    {
        var errors = Validate(name: "", level: "x", divisionCode: "1", floorAreaM2: -1);
        Assert.Equal(["divisionCode", "floorAreaM2", "level", "name"], errors.Keys.Order());
    }

    [Fact]
    public void A_city_center_has_no_parent()
    {
        var draft = Draft(CenterLevel.City, parentId: Guid.NewGuid());
        Assert.NotNull(CenterRules.ParentProblem(draft, Center(CenterLevel.City)));
    }

    [Fact]
    public void A_county_center_may_sit_under_an_active_city_center()
    {
        Assert.Null(CenterRules.ParentProblem(Draft(CenterLevel.County, Guid.NewGuid()), Center(CenterLevel.City)));
        Assert.Null(CenterRules.ParentProblem(Draft(CenterLevel.County, parentId: null), parent: null));
    }

    [Fact]
    public void A_county_center_cannot_sit_under_a_county_center_a_missing_one_or_a_closed_one()
    {
        var draft = Draft(CenterLevel.County, Guid.NewGuid());
        Assert.NotNull(CenterRules.ParentProblem(draft, Center(CenterLevel.County)));
        Assert.NotNull(CenterRules.ParentProblem(draft, parent: null));
        Assert.NotNull(CenterRules.ParentProblem(draft, Center(CenterLevel.City, UnitStatus.Closed)));
    }

    private static CenterDraft Draft(CenterLevel level, Guid? parentId) =>
        new("中心", level, "511400", parentId, null, 1000m);

    private static Center Center(CenterLevel level, UnitStatus status = UnitStatus.Active) =>
        new() { Name = "中心", Level = level, DivisionCode = "511400", Status = status };
}
