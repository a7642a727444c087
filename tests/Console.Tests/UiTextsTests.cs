using System.Xml.Linq;

namespace StarPlatform.OperatorConsole.Tests;

/// <summary>
/// The console's texts (Resources/Ui.resx, Chinese, and Ui.en.resx). Resource names are looked up
/// exactly but compiled case-insensitively: of two names that differ only in case, the build keeps the
/// first with a warning and the page shows the other's name itself ("Step.FeedBack" on the
/// rectification case page, "Application.Approved" before the city's decision).
/// </summary>
public class UiTextsTests
{
    private static Dictionary<string, List<string>> Names()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "StarPlatform.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var resources = Path.Combine(directory.FullName, "src", "Console", "Resources");
        return new[] { "Ui.resx", "Ui.en.resx" }.ToDictionary(file => file, file =>
            XDocument.Load(Path.Combine(resources, file)).Root!.Elements("data")
                .Select(e => (string)e.Attribute("name")!).ToList());
    }

    [Fact]
    public void No_two_names_differ_only_in_case()
    {
        foreach (var (file, names) in Names())
        {
            var clashes = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
                .Select(g => $"{file}: {string.Join(" / ", g)}").ToList();
            Assert.Empty(clashes);
        }
    }

    [Fact]
    public void Both_languages_have_the_same_names()
    {
        var names = Names();
        Assert.Equal(names["Ui.resx"].Order(StringComparer.Ordinal), names["Ui.en.resx"].Order(StringComparer.Ordinal));
    }
}
