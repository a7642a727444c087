using StarPlatform.Scoring.Model;

namespace StarPlatform.Scoring.Tests;

/// <summary>
/// The arithmetic, thresholds, tiers and vetoes as plain C#, against the seed's numbers as the
/// catalog publishes them (read from the catalog's seed files: Scoring holds no numbers of its own).
/// </summary>
public sealed class ScoreRulesTests
{
    private static readonly StarScheme Scheme = Seed.Scheme();

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
    public void A_scheme_published_with_other_thresholds_gives_other_stars_for_the_same_result()
    {
        var sheets = new List<EvaluatorSheet> { Sheet(Seed.Window, 77m, 9.5m) };
        var seed = EvaluationResult.Compute(Seed.Window, sheets, 1, 9.5m, [], Scheme);
        var stricter = Seed.Scheme();
        stricter.Version = 2;
        stricter.Thresholds = [new() { Stars = 5, MinTotal = 97 }, new() { Stars = 4, MinTotal = 93 }, new() { Stars = 3, MinTotal = 88 }];
        var other = EvaluationResult.Compute(Seed.Window, sheets, 1, 9.5m, [], stricter);

        Assert.Equal(96m, seed.Total);
        Assert.Equal(5, seed.Stars);
        Assert.Equal(96m, other.Total);
        Assert.Equal(4, other.Stars);
    }

    [Fact]
    public void A_scheme_where_a_veto_does_not_cancel_stars_keeps_them()
    {
        var lenient = Seed.Scheme();
        lenient.VetoCancelsStars = false;
        var veto = new Veto(7, "有效投诉", VetoSources.Complaint, "TS-2026-000001");
        var sheets = new List<EvaluatorSheet> { new(Guid.NewGuid(), Seed.FullMarks(Seed.Window), 10m) };

        Assert.Equal(0, EvaluationResult.Compute(Seed.Window, sheets, 1, 10m, [veto], Scheme).Stars);
        Assert.Equal(5, EvaluationResult.Compute(Seed.Window, sheets, 1, 10m, [veto], lenient).Stars);
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

    /// <summary>
    /// A veto's reason is printed on the city's result table (一票否决 with its reason): Chinese, naming the item,
    /// the panel's notes or the finding's case, category and offence, and never an evaluator's account id.
    /// </summary>
    [Fact]
    public void Veto_reasons_read_in_Chinese_without_account_ids()
    {
        var evaluator = Guid.NewGuid();
        var failing = new EvaluatorSheet(evaluator,
            Seed.Window.Items.Select(i => new ItemScore(i.Number, i.Number == 1 ? 0 : i.MaxPoints, i.Number == 1, i.Number == 1 ? " 未按规定公示 " : null)).ToList(), 10m);
        var silent = new EvaluatorSheet(Guid.NewGuid(),
            Seed.Window.Items.Select(i => new ItemScore(i.Number, i.Number == 1 ? 0 : i.MaxPoints, i.Number == 1, null)).ToList(), 10m);
        var panel = Assert.Single(EvaluationResult.PanelVetoes(Seed.Window, [failing, silent]));
        Assert.Equal("考评组评定第1项不合格：未按规定公示；未注明理由", panel.Reason);
        Assert.DoesNotContain(evaluator.ToString(), panel.Reason, StringComparison.OrdinalIgnoreCase);

        var vetoes = EvaluationResult.OutsideVetoes(Seed.Window,
            [Finding(VetoSources.Complaint, "TS-2026-000001"), Finding(VetoSources.Violation, "TS-2026-000002", "computer-misuse")]).ToList();
        Assert.Equal("2026年有效投诉 TS-2026-000001（服务态度）", vetoes.Single(v => v.Item == 7).Reason);
        Assert.Equal("2026年查实违规 TS-2026-000002：工作时间违规使用电脑（看股市、网购、闲聊、看电影、打游戏、戴耳机听音乐），被纪检部门通报",
            vetoes.Single(v => v.Item == 20).Reason);
        Assert.All(vetoes, v => Assert.DoesNotMatch("[A-Za-z]{3,}", v.Reason.Replace("TS-", "", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_seeds_veto_items_are_exactly_those_of_the_appendices()
    {
        Assert.Equal([25, 40, 69], Seed.Center.Items.Where(i => i.Veto).Select(i => i.Number));
        Assert.Equal([1, 7, 8, 17, 19, 20], Seed.Window.Items.Where(i => i.Veto).Select(i => i.Number));
    }

    /// <summary>
    /// Each outside finding fails exactly the item the catalog ties to it, and every other item passes:
    /// a substantiated complaint window item 7; a violation of integrity window 17 (center 69), of hall
    /// conduct window 19, of the computer window 20, an overdue case or notified incident window 8
    /// (center 25).
    /// </summary>
    [Theory]
    [InlineData("window", "complaint", "", new[] { 7 })]
    [InlineData("window", "violation", "integrity", new[] { 17 })]
    [InlineData("window", "violation", "hall-conduct", new[] { 19 })]
    [InlineData("window", "violation", "computer-misuse", new[] { 20 })]
    [InlineData("window", "violation", "overdue-or-incident", new[] { 8 })]
    [InlineData("center", "complaint", "", new int[0])]
    [InlineData("center", "violation", "integrity", new[] { 69 })]
    [InlineData("center", "violation", "hall-conduct", new int[0])]
    [InlineData("center", "violation", "computer-misuse", new int[0])]
    [InlineData("center", "violation", "overdue-or-incident", new[] { 25 })]
    public void An_outside_finding_fails_exactly_the_item_the_catalog_ties_to_it(string kind, string source, string offence, int[] items)
    {
        var version = kind == "center" ? Seed.Center : Seed.Window;
        var finding = Finding(source, "TS-2026-000001", offence);

        var vetoes = EvaluationResult.OutsideVetoes(version, [finding]).ToList();

        Assert.Equal(items, vetoes.Select(v => v.Item));
        Assert.All(vetoes, v => Assert.Equal("TS-2026-000001", v.CaseNumber));
        Assert.All(vetoes, v => Assert.Contains("TS-2026-000001", v.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Outside_vetoes_cancel_the_star_of_a_full_marks_result()
    {
        var complaint = Finding(VetoSources.Complaint, "TS-2026-000001");
        var violation = Finding(VetoSources.Violation, "TS-2026-000002", "computer-misuse");
        // The seed's wording behind the ties.
        Assert.Contains("全年无有效投诉", Seed.Window.Items.Single(i => i.Number == 7).Text, StringComparison.Ordinal);
        Assert.Contains("利用电脑", Seed.Window.Items.Single(i => i.Number == 20).Text, StringComparison.Ordinal);

        var result = EvaluationResult.Compute(Seed.Window, [new EvaluatorSheet(Guid.NewGuid(), Seed.FullMarks(Seed.Window), 10m)], 1, 10m,
            EvaluationResult.OutsideVetoes(Seed.Window, [complaint, violation]).ToList(), Scheme);
        Assert.Equal(100m, result.Total);
        Assert.Equal(0, result.Stars);
        Assert.Equal([7, 20], result.Vetoes.Select(v => v.Item));
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

    private static UnitFinding Finding(string source, string caseNumber, string offence = "") => new()
    {
        ComplaintId = Guid.NewGuid(), Source = source, Offence = offence, UnitId = Guid.NewGuid(), UnitKind = UnitKind.Window, Year = 2026,
        CaseNumber = caseNumber, Category = "attitude", At = DateTimeOffset.UtcNow,
    };

    private static decimal Parse(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
}
