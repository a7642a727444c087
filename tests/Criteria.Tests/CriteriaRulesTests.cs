using StarPlatform.Criteria.Model;

namespace StarPlatform.Criteria.Tests;

public class CriteriaRulesTests
{
    [Theory]
    [InlineData(0, 2, true)]
    [InlineData(0.5, 2, true)]
    [InlineData(1.5, 2, true)]
    [InlineData(2, 2, true)]
    [InlineData(2.5, 2, false)]
    [InlineData(-0.5, 2, false)]
    [InlineData(0.3, 2, false)]
    [InlineData(1.25, 2, false)]
    public void A_graded_score_is_0_to_the_maximum_in_halves(decimal points, decimal max, bool valid) =>
        Assert.Equal(valid, CriteriaRules.IsValidGradedScore(points, max));

    [Fact]
    public void A_valid_township_checklist_passes_the_publish_checks() =>
        Assert.Empty(CriteriaRules.PublishProblems(10m, Categories((1, 6m), (2, 4m)),
            [Item(1, 1, 4m), Item(2, 1, 2m, veto: true), Item(3, 2, 4m)]));

    [Fact]
    public void A_category_whose_items_do_not_add_up_is_reported()
    {
        var problems = CriteriaRules.PublishProblems(10m, Categories((1, 6m), (2, 4m)), [Item(1, 1, 5m), Item(2, 2, 4m)]);

        Assert.Contains(problems, p => p.Contains("Category 1", StringComparison.Ordinal) && p.Contains("add up to 5", StringComparison.Ordinal));
    }

    [Fact]
    public void Categories_that_do_not_add_up_to_the_set_total_are_reported()
    {
        var problems = CriteriaRules.PublishProblems(80m, Categories((1, 6m)), [Item(1, 1, 6m)]);

        Assert.Contains(problems, p => p.Contains("worth 80 points but its categories add up to 6", StringComparison.Ordinal));
    }

    [Fact]
    public void A_gap_in_the_numbering_is_reported() =>
        Assert.Contains(CriteriaRules.PublishProblems(6m, Categories((1, 6m)), [Item(1, 1, 3m), Item(3, 1, 3m)]),
            p => p.Contains("without gaps", StringComparison.Ordinal));

    [Fact]
    public void Items_are_numbered_category_after_category() =>
        Assert.Contains(CriteriaRules.PublishProblems(6m, Categories((1, 3m), (2, 3m)), [Item(1, 2, 3m), Item(2, 1, 3m)]),
            p => p.Contains("category after category", StringComparison.Ordinal));

    [Fact]
    public void A_veto_item_without_points_is_reported() =>
        Assert.Contains(CriteriaRules.PublishProblems(6m, Categories((1, 6m)), [Item(1, 1, 6m), Item(2, 1, 0m, veto: true)]),
            p => p.Contains("Item 2 is a veto item and carries no points", StringComparison.Ordinal));

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var problems = CriteriaRules.PublishProblems(80m, Categories((1, 6m), (3, 1m)),
            [Item(1, 1, 5m), Item(2, 1, 0m, veto: true), Item(4, 9, 1m)]);

        Assert.True(problems.Count >= 5, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void An_empty_version_cannot_be_published() =>
        Assert.Contains("The version has no category.", CriteriaRules.PublishProblems(80m, [], []));

    [Fact]
    public void A_tiered_item_needs_tiers_whose_best_scores_its_maximum()
    {
        var errors = CriteriaRules.ValidateItem(3, 1, "面积", 6m, "tiered", false, null,
            [("county", 6000m, 3m)], out _);
        Assert.Contains("tiers", errors.Keys);

        CriteriaRules.ValidateItem(3, 1, "面积", 6m, "tiered", false, null,
            [("county", 6000m, 6m), ("county", 3000m, 3m)], out var item);
        Assert.NotNull(item);
        Assert.Equal(2, item.Tiers.Count);
    }

    [Fact]
    public void An_item_is_checked_field_by_field()
    {
        var errors = CriteriaRules.ValidateItem(0, null, " ", 0.3m, "Graded", null, null, [("county", 1m, 1m)], out var item);

        Assert.Null(item);
        Assert.Equal(["category", "kind", "maxPoints", "number", "text", "tiers", "veto"], errors.Keys.Order());
    }

    [Theory]
    [InlineData("511402", true)]
    [InlineData("511400", false)]
    [InlineData("510000", false)]
    [InlineData("51140", false)]
    public void A_township_checklist_is_owned_by_a_county(string code, bool county) =>
        Assert.Equal(county, CriteriaRules.IsCountyDivisionCode(code));

    [Theory]
    [InlineData("meishan-2012-center", true)]
    [InlineData("dongpo-2013-township", true)]
    [InlineData("Meishan", false)]
    [InlineData("a--b", false)]
    [InlineData("", false)]
    public void A_set_code_is_lower_case_words_joined_by_dashes(string code, bool valid) =>
        Assert.Equal(valid, CriteriaRules.IsCode(code));

    [Fact]
    public void A_diff_lists_added_removed_and_changed_items()
    {
        var from = new CriteriaVersion { TotalPoints = 6m, Categories = Categories((1, 6m)), Items = [Item(1, 1, 3m), Item(2, 1, 3m)] };
        var to = new CriteriaVersion { TotalPoints = 6m, Categories = Categories((1, 6m)), Items = [Item(1, 1, 2m), Item(3, 1, 1m)] };

        var diff = VersionDiff.Between(from, to);

        Assert.Equal([3], diff.ItemsAdded);
        Assert.Equal([2], diff.ItemsRemoved);
        var changed = Assert.Single(diff.ItemsChanged);
        Assert.Equal(1, changed.Number);
        Assert.Equal(new FieldChange("maxPoints", "3", "2"), Assert.Single(changed.Changes));
        Assert.Empty(diff.Version);
    }

    private static List<CriteriaCategory> Categories(params (int Number, decimal Points)[] categories) =>
        categories.Select(c => new CriteriaCategory { Number = c.Number, Name = $"类别{c.Number}", Points = c.Points }).ToList();

    private static CriteriaItem Item(int number, int category, decimal max, bool veto = false) =>
        new() { Number = number, CategoryNumber = category, Text = $"考评内容{number}", MaxPoints = max, Veto = veto };
}
