namespace StarPlatform.Awards.Model;

/// <summary>The last plaque number given in a cycle year at a star level (numbers run 0001, 0002 … without gaps).</summary>
public sealed class PlaqueCounter
{
    public int CycleYear { get; set; }

    public int Stars { get; set; }

    public int LastNumber { get; set; }
}
