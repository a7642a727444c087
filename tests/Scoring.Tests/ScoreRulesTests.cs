using Microsoft.Extensions.Configuration;
using StarPlatform.Scoring.Model;

namespace StarPlatform.Scoring.Tests;

/// <summary>The arithmetic, thresholds, tiers and vetoes as plain C#, against the seed's numbers.</summary>
public sealed class ScoreRulesTests
{
    private static readonly StarScheme Scheme = StarScheme.Seed;

    [Theory]
    [InlineData("100", 5)]
    [InlineData("95", 5)]
    [InlineData("94.99", 4)]
    [InlineData("94.5", 4)]
    [InlineData("90", 4)]
    [InlineData("89.99", 3)]
    [InlineData("89.5", 3)]
    [InlineData("85", 3)]
    [InlineData("84.99", 0)]
    [InlineData("84.5", 0)]
    [InlineData("0", 0)]
    public void Stars_follow_the_inclusive_thresholds_95_90_85(string total, int stars) =>
        Assert.Equal(stars, ScoreRules.Stars(decimal.Parse(total, System.Globalization.CultureInfo.InvariantCulture), Scheme.Thresholds, vetoed: false));

    [Theory]
    [InlineData("100")]
    [InlineData("95")]
    [InlineData("85")]
    public void A_failed_veto_leaves_no_star_whatever_the_total(string total) =>
        Assert.Equal(0, ScoreRules.Stars(decimal.Parse(total, System.Globalization.CultureInfo.InvariantCulture), Scheme.Thresholds, vetoed: true));

    [Fact]
    public void The_default_scheme_is_the_catalogs_seed_scheme()
    {
        var seed = Seed.StarScheme();
        var components = seed.GetProperty("components");
        Assert.Equal(components.GetProperty("creation").GetDecimal(), Scheme.Creation);
        Assert.Equal(components.GetProperty("satisfaction").GetDecimal(), Scheme.Satisfaction);
        Assert.Equal(components.GetProperty("panel").GetDecimal(), Scheme.Panel);
        Assert.Equal(
            seed.GetProperty("thresholds").EnumerateArray().Select(t => (t.GetProperty("stars").GetInt32(), t.GetProperty("minTotal").GetDecimal())),
            Scheme.Thresholds.Select(t => (t.Stars, t.MinTotal)));
        Assert.True(seed.GetProperty("vetoCancelsStars").GetBoolean());
        Assert.Equal(80m, Seed.Center.Items.Sum(i => i.MaxPoints));
        Assert.Equal(80m, Seed.Window.Items.Sum(i => i.MaxPoints));
    }

    [Fact]
    public void Configured_thresholds_and_veto_items_replace_the_seeds_rather_than_add_to_them()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Scoring:StarScheme:Thresholds:0:Stars"] = "5",
            ["Scoring:StarScheme:Thresholds:0:MinTotal"] = "96",
            ["Scoring:OutsideVetoes:Complaint:window:0"] = "8",
        }).Build();
        var scheme = Microsoft.Extensions.Configuration.ConfigurationBinder.Get<StarScheme>(configuration.GetSection(StarScheme.Section))!.WithSeedDefaults();
        Assert.Equal([(5, 96m)], scheme.Thresholds.Select(t => (t.Stars, t.MinTotal)));
        Assert.Equal(0, ScoreRules.Stars(95.5m, scheme.Thresholds, vetoed: false));
        var vetoes = Microsoft.Extensions.Configuration.ConfigurationBinder.Get<OutsideVetoOptions>(configuration.GetSection(OutsideVetoOptions.Section))!.WithSeedDefaults();
        Assert.Equal([8], vetoes.ItemsFor(VetoSources.Complaint, "window"));
        Assert.Equal([17, 19, 20], vetoes.ItemsFor(VetoSources.Violation, "window"));
    }

    [Theory]
    [InlineData("county", null, 0)]
    [InlineData("county", 999, 0)]
    [InlineData("county", 1000, 1)]
    [InlineData("county", 2999, 1)]
    [InlineData("county", 3000, 3)]
    [InlineData("county", 5999, 3)]
    [InlineData("county", 6000, 6)]
    [InlineData("county", 20000, 6)]
    [InlineData("city", 6000, 0)]
    [InlineData("city", 14999, 0)]
    [InlineData("city", 15000, 6)]
    public void Center_item_3_is_tiered_by_level_and_floor_area(string level, int? floorArea, int points)
    {
        var item3 = Seed.Center.Items.Single(i => i.Number == 3);
        Assert.Equal("tiered", item3.Kind);
        Assert.Equal(points, ScoreRules.TierPoints(level, floorArea, item3.Tiers));
    }

    [Theory]
    [InlineData("0", "2", true)]
    [InlineData("1.5", "2", true)]
    [InlineData("2", "2", true)]
    [InlineData("2.5", "2", false)]
    [InlineData("0.3", "2", false)]
    [InlineData("-0.5", "2", false)]
    public void Graded_points_are_halves_up_to_the_maximum(string points, string max, bool valid) =>
        Assert.Equal(valid, ScoreRules.IsValidPoints(Parse(points), Parse(max)));

    [Theory]
    [InlineData("9.7", true)]
    [InlineData("10", true)]
    [InlineData("10.1", false)]
    [InlineData("9.75", false)]
    public void Panel_judgement_and_satisfaction_are_tenths_up_to_10(string points, bool valid) =>
        Assert.Equal(valid, ScoreRules.IsValidComponent(Parse(points), 10));

    [Fact]
    public void Means_are_rounded_once_to_two_decimals_half_away_from_zero()
    {
        Assert.Equal(0.33m, ScoreRules.Mean([0m, 0.5m, 0.5m]));      // 0.3333…
        Assert.Equal(0.67m, ScoreRules.Mean([0.5m, 0.5m, 1m]));      // 0.6666…
        Assert.Equal(0.25m, ScoreRules.Mean([0m, 0.5m]));
        Assert.Equal(0.13m, ScoreRules.Mean([0m, 0m, 0m, 0.5m]));    // 0.125 → 0.13, not 0.12
        Assert.Null(ScoreRules.Mean([]));
    }

    [Fact]
    public void Two_evaluators_make_a_four_star_total_from_the_means()
    {
        var a = Sheet(Seed.Window, 75m, 8m);  // 75 creation
        var b = Sheet(Seed.Window, 76m, 9m);  // 76 creation
        var result = EvaluationResult.Compute(Seed.Window, [a, b], 2, 9m, [], Scheme);
        Assert.Equal(75.5m, result.CreationPoints);
        Assert.Equal(8.5m, result.PanelPoints);
        Assert.Equal(93m, result.Total);
        Assert.Equal(4, result.Stars);
        Assert.True(result.Complete);
        Assert.Equal(80m, result.Categories.Sum(c => c.MaxPoints));
        Assert.Equal([33m, 21m, 18m, 8m], result.Categories.Select(c => c.MaxPoints));
    }

    [Fact]
    public void Three_evaluators_thirds_never_cross_a_threshold()
    {
        // 75.5 + 76 + 76 = 227.5 → 75.8333… → 75.83; 9 + 9.5 + 9 = 27.5 → 9.1666… → 9.17; 75.83 + 9.17 = 85.00 exactly.
        var result = EvaluationResult.Compute(Seed.Window,
            [Sheet(Seed.Window, 75.5m, 9m), Sheet(Seed.Window, 76m, 9.5m), Sheet(Seed.Window, 76m, 9m)], 3, 0m, [], Scheme);
        Assert.Equal(75.83m, result.CreationPoints);
        Assert.Equal(9.17m, result.PanelPoints);
        Assert.Equal(85.00m, result.Total);
        Assert.Equal(3, result.Stars);

        // One half point less on one sheet: 227 / 3 = 75.67 → 84.84, no star.
        var less = EvaluationResult.Compute(Seed.Window,
            [Sheet(Seed.Window, 75m, 9m), Sheet(Seed.Window, 76m, 9.5m), Sheet(Seed.Window, 76m, 9m)], 3, 0m, [], Scheme);
        Assert.Equal(84.84m, less.Total);
        Assert.Equal(0, less.Stars);
    }

    [Theory]
    [InlineData("74.5", "0", 0)]      // 84.5
    [InlineData("75", "0", 3)]        // 85
    [InlineData("79.5", "0", 3)]      // 89.5
    [InlineData("80", "0", 4)]        // 90
    [InlineData("80", "4.5", 4)]      // 94.5
    [InlineData("80", "5", 5)]        // 95
    public void Thresholds_hold_at_each_boundary_through_the_whole_computation(string creation, string satisfaction, int stars)
    {
        var result = EvaluationResult.Compute(Seed.Window, [Sheet(Seed.Window, Parse(creation), 10m)], 1, Parse(satisfaction), [], Scheme);
        Assert.Equal(Parse(creation) + 10m + Parse(satisfaction), result.Total);
        Assert.Equal(stars, result.Stars);
    }

    [Fact]
    public void The_total_waits_for_every_evaluator_and_the_satisfaction()
    {
        var one = Sheet(Seed.Window, 80m, 10m);
        Assert.Null(EvaluationResult.Compute(Seed.Window, [one], 2, 10m, [], Scheme).Total);
        Assert.Null(EvaluationResult.Compute(Seed.Window, [one], 1, null, [], Scheme).Total);
        Assert.Equal(100m, EvaluationResult.Compute(Seed.Window, [one], 1, 10m, [], Scheme).Total);
    }

    [Theory]
    [InlineData("window", 1)]
    [InlineData("window", 7)]
    [InlineData("window", 8)]
    [InlineData("window", 17)]
    [InlineData("window", 19)]
    [InlineData("window", 20)]
    [InlineData("center", 25)]
    [InlineData("center", 40)]
    [InlineData("center", 69)]
    public void Each_veto_item_failed_by_one_evaluator_leaves_full_marks_without_a_star(string kind, int item)
    {
        var version = kind == "window" ? Seed.Window : Seed.Center;
        Assert.True(version.Items.Single(i => i.Number == item).Veto);
        var failing = new EvaluatorSheet(Guid.NewGuid(),
            version.Items.Select(i => new ItemScore(i.Number, i.Number == item ? 0 : i.MaxPoints, i.Number == item, i.Number == item ? "省上通报" : null)).ToList(), 10m);
        var passing = new EvaluatorSheet(Guid.NewGuid(), Seed.FullMarks(version), 10m);
        var result = EvaluationResult.Compute(version, [failing, passing], 2, 10m, [], Scheme);
        Assert.True(result.Total >= 95m);
        Assert.Equal(0, result.Stars);
        var veto = Assert.Single(result.Vetoes);
        Assert.Equal(item, veto.Item);
        Assert.Equal(VetoSources.Panel, veto.Source);
        Assert.Contains("省上通报", veto.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_seeds_veto_items_are_exactly_those_of_the_appendices()
    {
        Assert.Equal([25, 40, 69], Seed.Center.Items.Where(i => i.Veto).Select(i => i.Number));
        Assert.Equal([1, 7, 8, 17, 19, 20], Seed.Window.Items.Where(i => i.Veto).Select(i => i.Number));
    }

    [Fact]
    public void Outside_findings_fail_window_7_for_a_complaint_and_17_19_20_or_center_69_for_a_violation()
    {
        var options = OutsideVetoOptions.Seed;
        // The seed's wording behind each mapping.
        Assert.Contains("全年无有效投诉", Seed.Window.Items.Single(i => i.Number == 7).Text, StringComparison.Ordinal);
        Assert.Contains("无违反党纪、政纪行为", Seed.Window.Items.Single(i => i.Number == 17).Text, StringComparison.Ordinal);
        Assert.StartsWith("严禁上班时间", Seed.Window.Items.Single(i => i.Number == 19).Text, StringComparison.Ordinal);
        Assert.StartsWith("严禁上班时间", Seed.Window.Items.Single(i => i.Number == 20).Text, StringComparison.Ordinal);
        Assert.Contains("无违反党纪、政纪、法纪案件", Seed.Center.Items.Single(i => i.Number == 69).Text, StringComparison.Ordinal);

        var complaint = Finding(VetoSources.Complaint, "TS-2026-000001");
        var violation = Finding(VetoSources.Violation, "TS-2026-000002");
        Assert.Equal([7], EvaluationResult.OutsideVetoes(Seed.Window, "window", [complaint], options).Select(v => v.Item));
        Assert.Equal([17, 19, 20], EvaluationResult.OutsideVetoes(Seed.Window, "window", [violation], options).Select(v => v.Item));
        Assert.Equal([69], EvaluationResult.OutsideVetoes(Seed.Center, "center", [violation], options).Select(v => v.Item));
        Assert.Empty(EvaluationResult.OutsideVetoes(Seed.Center, "center", [complaint], options));
        var veto = EvaluationResult.OutsideVetoes(Seed.Window, "window", [complaint], options).Single();
        Assert.Equal("TS-2026-000001", veto.CaseNumber);
        Assert.Contains("TS-2026-000001", veto.Reason, StringComparison.Ordinal);

        var result = EvaluationResult.Compute(Seed.Window, [new EvaluatorSheet(Guid.NewGuid(), Seed.FullMarks(Seed.Window), 10m)], 1, 10m,
            EvaluationResult.OutsideVetoes(Seed.Window, "window", [complaint, violation], options).ToList(), Scheme);
        Assert.Equal(100m, result.Total);
        Assert.Equal(0, result.Stars);
        Assert.Equal([7, 17, 19, 20], result.Vetoes.Select(v => v.Item));
    }

    [Fact]
    public void A_sheet_must_score_every_item_by_its_rule()
    {
        decimal Computed(CriteriaItem item) => ScoreRules.TierPoints("county", 3000, item.Tiers);
        var full = Seed.FullMarks(Seed.Center).Select(i => i.Number == 3 ? i with { Points = 3 } : i).ToList();
        Assert.Empty(ScoreRules.Validate(Seed.Center, full, 10m, Computed, 10m));
        Assert.Contains("items", ScoreRules.Validate(Seed.Center, full.Skip(1).ToList(), 10m, Computed, 10m).Keys);
        Assert.Contains("items", ScoreRules.Validate(Seed.Center, [.. full, new ItemScore(78, 1, false, null)], 10m, Computed, 10m).Keys);
        Assert.Contains("items[1]", ScoreRules.Validate(Seed.Center, full.Select(i => i.Number == 1 ? i with { Points = 0.7m } : i).ToList(), 10m, Computed, 10m).Keys);
        // Item 3 overridden without a reason, then with one.
        Assert.Contains("items[3]", ScoreRules.Validate(Seed.Center, full.Select(i => i.Number == 3 ? i with { Points = 6 } : i).ToList(), 10m, Computed, 10m).Keys);
        Assert.Empty(ScoreRules.Validate(Seed.Center, full.Select(i => i.Number == 3 ? i with { Points = 6, Note = "新大楼已验收" } : i).ToList(), 10m, Computed, 10m));
        // Veto failures: only on veto items, and with 0 points.
        Assert.Contains("items[1]", ScoreRules.Validate(Seed.Center, full.Select(i => i.Number == 1 ? i with { Points = 0, VetoFailed = true } : i).ToList(), 10m, Computed, 10m).Keys);
        Assert.Contains("items[25]", ScoreRules.Validate(Seed.Center, full.Select(i => i.Number == 25 ? i with { VetoFailed = true } : i).ToList(), 10m, Computed, 10m).Keys);
        Assert.Empty(ScoreRules.Validate(Seed.Center, full.Select(i => i.Number == 25 ? i with { Points = 0, VetoFailed = true } : i).ToList(), 10m, Computed, 10m));
        Assert.Contains("panelJudgement", ScoreRules.Validate(Seed.Center, full, 10.5m, Computed, 10m).Keys);
    }

    [Fact]
    public void The_lifecycle_refuses_steps_out_of_turn()
    {
        Assert.True(EvaluationLifecycle.Allows(EvaluationLifecycle.AssignEvaluators, EvaluationLifecycle.Applied));
        Assert.False(EvaluationLifecycle.Allows(EvaluationLifecycle.Score, EvaluationLifecycle.Applied));
        Assert.True(EvaluationLifecycle.Allows(EvaluationLifecycle.Score, EvaluationLifecycle.Scored));
        Assert.False(EvaluationLifecycle.Allows(EvaluationLifecycle.Score, EvaluationLifecycle.AwaitingApproval));
        Assert.False(EvaluationLifecycle.Allows(EvaluationLifecycle.Decide, EvaluationLifecycle.Scored));
        Assert.True(EvaluationLifecycle.Allows(EvaluationLifecycle.Decide, EvaluationLifecycle.AwaitingApproval));
        Assert.False(EvaluationLifecycle.Allows(EvaluationLifecycle.Decide, EvaluationLifecycle.Approved));
        Assert.Equal("vetoed", EvaluationLifecycle.StatusOf(EvaluationLifecycle.Scored, vetoed: true));
        Assert.Equal("approved", EvaluationLifecycle.StatusOf(EvaluationLifecycle.Approved, vetoed: true));
    }

    /// <summary>A sheet whose items sum to <paramref name="creation"/>: full marks less the difference, taken from the largest graded items.</summary>
    internal static EvaluatorSheet Sheet(CriteriaVersion version, decimal creation, decimal panel)
    {
        var missing = version.Items.Sum(i => i.MaxPoints) - creation;
        var items = new List<ItemScore>();
        foreach (var item in version.Items.OrderByDescending(i => i.Veto ? 0 : i.MaxPoints))
        {
            var off = item.Veto ? 0 : Math.Min(missing, item.MaxPoints);
            missing -= off;
            items.Add(new ItemScore(item.Number, item.MaxPoints - off, false, null));
        }

        return new EvaluatorSheet(Guid.NewGuid(), items.OrderBy(i => i.Number).ToList(), panel);
    }

    private static UnitFinding Finding(string source, string caseNumber) => new()
    {
        ComplaintId = Guid.NewGuid(), Source = source, UnitId = Guid.NewGuid(), UnitKind = "window", Year = 2026,
        CaseNumber = caseNumber, Category = "attitude", At = DateTimeOffset.UtcNow,
    };

    private static decimal Parse(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
}
