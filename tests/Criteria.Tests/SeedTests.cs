using StarPlatform.Criteria.Data;
using StarPlatform.Criteria.Model;

namespace StarPlatform.Criteria.Tests;

/// <summary>
/// The two appendices as loaded from the data files, pinned number by number against the seed
/// (眉府发〔2012〕30号 附件1 and 附件2). Any drift in a count, a maximum, a category or a veto fails here.
/// </summary>
public class SeedTests
{
    private static readonly CriteriaVersion Center = CatalogSeed.ToVersion(CatalogSeed.ReadSet("meishan-2012-center.json"), DateTimeOffset.UnixEpoch);
    private static readonly CriteriaVersion Window = CatalogSeed.ToVersion(CatalogSeed.ReadSet("meishan-2012-window.json"), DateTimeOffset.UnixEpoch);

    /// <summary>考评分值 of items 1–77 of appendix 1, in order, as printed in the seed.</summary>
    private static readonly decimal[] CenterMaxima =
    [
        1, 1, 6, 1, 0.5m, 1, 1, 1, 0.5m, 1, 1, 1, 1, 1, 0.5m, 0.5m, 1, // 1–17 办公场地标准化
        2, 1, 1, 1, 1, 1, 1, 2, 1, 0.5m, 0.5m, 2, // 18–29 服务工作标准化
        1, 1, 0.5m, 1, 0.5m, 0.5m, 0.5m, 0.5m, 0.5m, 1, // 30–39 电子政务标准化
        2, 1, 2, 0.5m, 1, 0.5m, 1, 1, 0.5m, 2, 1, 1, 0.5m, 0.5m, 1, // 40–54 服务管理标准化
        1, 1, 1, 1, 1, 1, 1, 2, 1, // 55–63 服务体系标准化
        0.5m, 0.5m, 0.5m, 1, 1, 2, 1, // 64–70 自身建设规范化
        1, 1, 1, 1, 1, 1, 1, // 71–77 强化工作保障
    ];

    /// <summary>考评分值 of items 1–27 of appendix 2, in order.</summary>
    private static readonly decimal[] WindowMaxima =
    [
        4, 2, 1, 3, 3, 3, 4, 8, 3, 2, // 1–10 服务管理
        2, 2, 2, 2, 2, 2, 6, 3, // 11–18 服务礼仪
        8, 8, 1, 1, // 19–22 工作纪律
        2, 2, 1, 2, 1, // 23–27 办件管理
    ];

    [Fact]
    public void The_center_checklist_has_77_items_in_7_categories_worth_80_points()
    {
        Assert.Equal("meishan-2012-center", Center.Set.Code);
        Assert.Equal(UnitKind.Center, Center.Set.UnitKind);
        Assert.Equal(77, Center.Items.Count);
        Assert.Equal(7, Center.Categories.Count);
        Assert.Equal(80m, Center.TotalPoints);
        Assert.Equal(80m, Center.Items.Sum(i => i.MaxPoints));
        Assert.Equal(Enumerable.Range(1, 77), Center.Items.Select(i => i.Number));
    }

    [Fact]
    public void The_window_checklist_has_27_items_in_4_categories_worth_80_points()
    {
        Assert.Equal("meishan-2012-window", Window.Set.Code);
        Assert.Equal(UnitKind.Window, Window.Set.UnitKind);
        Assert.Equal(27, Window.Items.Count);
        Assert.Equal(4, Window.Categories.Count);
        Assert.Equal(80m, Window.TotalPoints);
        Assert.Equal(80m, Window.Items.Sum(i => i.MaxPoints));
        Assert.Equal(Enumerable.Range(1, 27), Window.Items.Select(i => i.Number));
    }

    [Fact]
    public void Every_center_item_carries_the_maximum_printed_in_appendix_1() =>
        Assert.Equal(CenterMaxima, Center.Items.OrderBy(i => i.Number).Select(i => i.MaxPoints));

    [Fact]
    public void Every_window_item_carries_the_maximum_printed_in_appendix_2() =>
        Assert.Equal(WindowMaxima, Window.Items.OrderBy(i => i.Number).Select(i => i.MaxPoints));

    [Theory]
    [InlineData(1, "办公场地标准化", 1, 17, 20)]
    [InlineData(2, "服务工作标准化", 18, 29, 14)]
    [InlineData(3, "电子政务标准化", 30, 39, 7)]
    [InlineData(4, "服务管理标准化", 40, 54, 15.5)]
    [InlineData(5, "服务体系标准化", 55, 63, 10)]
    [InlineData(6, "自身建设规范化", 64, 70, 6.5)]
    [InlineData(7, "强化工作保障", 71, 77, 7)]
    public void A_center_category_holds_its_items_and_their_points_add_up(int number, string name, int first, int last, decimal points) =>
        AssertCategory(Center, number, name, first, last, points);

    [Theory]
    [InlineData(1, "服务管理", 1, 10, 33)]
    [InlineData(2, "服务礼仪", 11, 18, 21)]
    [InlineData(3, "工作纪律", 19, 22, 18)]
    [InlineData(4, "办件管理", 23, 27, 8)]
    public void A_window_category_holds_its_items_and_their_points_add_up(int number, string name, int first, int last, decimal points) =>
        AssertCategory(Window, number, name, first, last, points);

    [Fact]
    public void The_center_veto_items_are_25_40_and_69()
    {
        Assert.Equal([25, 40, 69], Center.Items.Where(i => i.Veto).Select(i => i.Number).Order());
        Assert.All(Center.Items.Where(i => i.Veto), i => Assert.Equal(2m, i.MaxPoints));
    }

    [Fact]
    public void The_window_veto_items_are_1_7_8_17_19_and_20()
    {
        Assert.Equal([1, 7, 8, 17, 19, 20], Window.Items.Where(i => i.Veto).Select(i => i.Number).Order());
        Assert.Equal([4m, 4m, 8m, 6m, 8m, 8m], Window.Items.Where(i => i.Veto).OrderBy(i => i.Number).Select(i => i.MaxPoints));
    }

    /// <summary>
    /// Each outside finding fails exactly the veto items the seed ties to it (the item's 备注 says by
    /// whom: 查实 by the discipline authorities, 通报, 被省上通报, 发生一次): a substantiated complaint
    /// window item 7; a violation of integrity window 17 and center 69; hall conduct window 19; the
    /// computer window 20; an overdue case or province-notified incident window 8 and center 25.
    /// Every other item has no outside veto.
    /// </summary>
    [Fact]
    public void Each_outside_finding_fails_exactly_the_items_the_seed_ties_to_it()
    {
        string Tie(CriteriaItem i) => i.OutsideVeto is not { } v ? "" :
            v.Finding == FindingKind.Complaint ? "complaint" : "violation:" + string.Join("+", v.Offences.Select(o => StarPlatform.Messaging.Words.Of(o)));
        Assert.Equal(
            [(7, "complaint"), (8, "violation:overdue-or-incident"), (17, "violation:integrity"), (19, "violation:hall-conduct"), (20, "violation:computer-misuse")],
            Window.Items.Where(i => i.OutsideVeto is not null).OrderBy(i => i.Number).Select(i => (i.Number, Tie(i))));
        Assert.Equal(
            [(25, "violation:overdue-or-incident"), (69, "violation:integrity")],
            Center.Items.Where(i => i.OutsideVeto is not null).OrderBy(i => i.Number).Select(i => (i.Number, Tie(i))));
        Assert.All(Center.Items.Concat(Window.Items).Where(i => i.OutsideVeto is not null), i => Assert.True(i.Veto));
        Assert.Empty(CriteriaRules.PublishProblems(Window.TotalPoints, Window.Categories, Window.Items));
    }

    [Fact]
    public void An_outside_veto_on_an_item_that_is_no_veto_item_cannot_be_published()
    {
        var version = CatalogSeed.ToVersion(CatalogSeed.ReadSet("meishan-2012-window.json"), DateTimeOffset.UnixEpoch);
        version.Items.Single(i => i.Number == 2).OutsideVeto = new OutsideVeto { Finding = FindingKind.Violation, Offences = [Offence.Integrity] };
        version.Items.Single(i => i.Number == 17).OutsideVeto = new OutsideVeto { Finding = FindingKind.Violation };
        var problems = CriteriaRules.PublishProblems(version.TotalPoints, version.Categories, version.Items);
        Assert.Contains(problems, p => p.StartsWith("Item 2: Only a veto item", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Item 17: A violation names the offences", StringComparison.Ordinal));
    }

    [Fact]
    public void Exactly_the_veto_items_carry_a_one_vote_veto_note()
    {
        foreach (var item in Center.Items.Concat(Window.Items))
        {
            Assert.Equal(item.Veto, item.Notes?.Contains("“一票否决”项", StringComparison.Ordinal) ?? false);
        }
    }

    [Fact]
    public void Item_3_of_the_center_checklist_is_the_only_tiered_item_with_its_note_verbatim()
    {
        var tiered = Assert.Single(Center.Items.Concat(Window.Items), i => i.Kind == ItemKind.Tiered);
        Assert.Same(Center.Items.Single(i => i.Number == 3), tiered);
        Assert.Equal(6m, tiered.MaxPoints);
        Assert.Equal("一级达标得6分,二级达标得3分,三级达标得1分。", tiered.Notes);
        Assert.StartsWith("主体建筑面积符合《四川省地方标准政务服务中心基础设施建设规范》(DB51/T 1174—2010)", tiered.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Texts_are_the_seeds_verbatim()
    {
        Assert.Equal("政务服务中心位置适中,交通便利,方便群众办事,城区居民步行30分钟内到达。", Center.Items.Single(i => i.Number == 1).Text);
        Assert.Equal("政务服务中心“五星级”创建经费纳入同级财政预算,足额拨付到位。", Center.Items.Single(i => i.Number == 77).Text);
        Assert.Equal("全年无有效投诉。", Window.Items.Single(i => i.Number == 7).Text);
        Assert.Equal("窗口区域无杂物放置。", Window.Items.Single(i => i.Number == 27).Text);
        Assert.Equal("“一票否决”项,被省上通报,取消评星资格。", Center.Items.Single(i => i.Number == 25).Notes);
    }

    [Fact]
    public void Both_seed_sets_pass_the_publish_checks()
    {
        Assert.Empty(CriteriaRules.PublishProblems(Center.TotalPoints, Center.Categories, Center.Items));
        Assert.Empty(CriteriaRules.PublishProblems(Window.TotalPoints, Window.Categories, Window.Items));
    }

    [Fact]
    public void The_data_files_say_how_the_broken_category_labels_were_reconstructed()
    {
        Assert.Contains("服务体系标准化", Center.Notes, StringComparison.Ordinal);
        Assert.Contains("服务管理, 服务礼仪, 工作纪律, 办件管理", Window.Notes, StringComparison.Ordinal);
    }

    private static void AssertCategory(CriteriaVersion version, int number, string name, int first, int last, decimal points)
    {
        var category = version.Categories.Single(c => c.Number == number);
        Assert.Equal(name, category.Name);
        Assert.Equal(points, category.Points);
        var items = version.Items.Where(i => i.CategoryNumber == number).OrderBy(i => i.Number).ToList();
        Assert.Equal(Enumerable.Range(first, last - first + 1), items.Select(i => i.Number));
        Assert.Equal(points, items.Sum(i => i.MaxPoints));
    }
}
