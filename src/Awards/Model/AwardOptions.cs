namespace StarPlatform.Awards.Model;

/// <summary>
/// Awards' configuration (<c>Awards</c> section). The seed (眉府发〔2012〕30号) fixes the two-year
/// cycle (每2年进行一次评定) and says funding goes by star level (按星级等次奖励工作经费) but names no
/// amounts: the default table below is a placeholder for the city's budget decision, to be set
/// per cycle in configuration (<c>Awards:Funding:Cycles:&lt;year&gt;:&lt;stars&gt;</c>).
/// </summary>
public sealed class AwardOptions
{
    public const string Section = "Awards";

    /// <summary>How long an award is held when no newer result supersedes it (the seed's two-year cycle).</summary>
    public int TermYears { get; set; } = AwardRules.CycleYears;

    /// <summary>The plaque numbers' prefix: 眉山 (Meishan).</summary>
    public string PlaquePrefix { get; set; } = "MS";

    public FundingTable Funding { get; set; } = new();
}

/// <summary>Funding in yuan (CNY) by star level, with an optional table per cycle year overriding the default.</summary>
public sealed class FundingTable
{
    /// <summary>Used for a cycle without its own table, and for a level its table leaves out.</summary>
    public Dictionary<int, decimal> Default { get; set; } = new();

    /// <summary>Cycle year → stars → yuan.</summary>
    public Dictionary<int, Dictionary<int, decimal>> Cycles { get; set; } = new();

    /// <summary>The built-in defaults when configuration names none: 5★ 100,000, 4★ 60,000, 3★ 30,000 yuan.</summary>
    public static readonly IReadOnlyDictionary<int, decimal> BuiltInDefault = new Dictionary<int, decimal>
    {
        [5] = 100_000m,
        [4] = 60_000m,
        [3] = 30_000m,
    };

    /// <summary>The funding for <paramref name="stars"/> in <paramref name="cycleYear"/>.</summary>
    public decimal For(int cycleYear, int stars)
    {
        if (Cycles.TryGetValue(cycleYear, out var cycle) && cycle.TryGetValue(stars, out var amount))
        {
            return amount;
        }

        if (Default.TryGetValue(stars, out amount))
        {
            return amount;
        }

        return BuiltInDefault.TryGetValue(stars, out amount)
            ? amount
            : throw new ArgumentOutOfRangeException(nameof(stars), stars, "Stars are 5, 4 or 3.");
    }

    /// <summary>Every amount is zero or more, for star levels 3–5 only.</summary>
    public bool IsValid() =>
        Default.Concat(Cycles.Values.SelectMany(c => c)).All(p => AwardRules.IsStarLevel(p.Key) && p.Value >= 0);
}
