using System.Text.Json;
using StarPlatform.Contracts;
using StarPlatform.Scoring.Model;
using StarPlatform.Testing;

namespace StarPlatform.Scoring.Tests;

/// <summary>The catalog's seed files (src/Criteria/Data/Seed), read as Scoring's copy would hold them.</summary>
internal static class Seed
{
    public static readonly CriteriaVersion Center = Version("meishan-2012-center");
    public static readonly CriteriaVersion Window = Version("meishan-2012-window");

    public static JsonElement StarSchemeFile() => Read("meishan-2012-star-scheme");

    /// <summary>The catalog's seed star scheme, as Scoring's copy holds it once the catalog published it.</summary>
    public static StarScheme Scheme()
    {
        var root = StarSchemeFile();
        var components = root.GetProperty("components");
        return new StarScheme
        {
            Code = root.GetProperty("code").GetString()!,
            Version = root.GetProperty("version").GetInt32(),
            Creation = components.GetProperty("creation").GetDecimal(),
            Satisfaction = components.GetProperty("satisfaction").GetDecimal(),
            Panel = components.GetProperty("panel").GetDecimal(),
            Thresholds = root.GetProperty("thresholds").EnumerateArray()
                .Select(t => new StarThreshold { Stars = t.GetProperty("stars").GetInt32(), MinTotal = t.GetProperty("minTotal").GetDecimal() }).ToList(),
            VetoCancelsStars = root.GetProperty("vetoCancelsStars").GetBoolean(),
            PublishedAt = DateTimeOffset.UtcNow.AddDays(-1),
        };
    }

    public static CriteriaVersion Version(string code, string? as_code = null, string? unitKind = null, string? owner = null)
    {
        var root = Read(code);
        return new CriteriaVersion
        {
            Code = as_code ?? root.GetProperty("code").GetString()!,
            Version = root.GetProperty("version").GetInt32(),
            Name = root.GetProperty("name").GetString()!,
            UnitKind = StarPlatform.Messaging.Words.Parse<UnitKind>(unitKind ?? root.GetProperty("unitKind").GetString()!),
            OwnerDivisionCode = owner,
            TotalPoints = root.GetProperty("totalPoints").GetDecimal(),
            PublishedAt = DateTimeOffset.UtcNow.AddDays(-1),
            Items = root.GetProperty("categories").EnumerateArray().SelectMany(c => c.GetProperty("items").EnumerateArray().Select(i => new CriteriaItem
            {
                Number = i.GetProperty("number").GetInt32(),
                Category = c.GetProperty("name").GetString()!,
                Text = i.GetProperty("text").GetString()!,
                MaxPoints = i.GetProperty("maxPoints").GetDecimal(),
                Kind = i.GetProperty("kind").GetString()!,
                Veto = i.GetProperty("veto").GetBoolean(),
                Tiers = i.TryGetProperty("tiers", out var tiers)
                    ? tiers.EnumerateArray().Select(t => new CriteriaTier
                    {
                        Level = t.GetProperty("level").GetString()!,
                        MinFloorAreaM2 = t.GetProperty("minFloorAreaM2").GetDecimal(),
                        Points = t.GetProperty("points").GetDecimal(),
                    }).ToList()
                    : [],
                OutsideVeto = i.TryGetProperty("outsideVeto", out var veto)
                    ? new OutsideVeto
                    {
                        Finding = StarPlatform.Messaging.Words.Parse<FindingKind>(veto.GetProperty("finding").GetString()!),
                        Offences = veto.TryGetProperty("offences", out var offences) ? offences.EnumerateArray().Select(o => o.GetString()!).ToList() : [],
                    }
                    : null,
            })).ToList(),
        };
    }

    private static JsonElement Read(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(LocalInfrastructure.RepositoryRoot(), "src", "Criteria", "Data", "Seed", $"{name}.json"))).RootElement;

    /// <summary>Full marks on every item (tiered items at their computed points are left to the caller).</summary>
    public static List<ItemScore> FullMarks(CriteriaVersion version) =>
        version.Items.Select(i => new ItemScore(i.Number, i.MaxPoints, false, null)).ToList();
}
