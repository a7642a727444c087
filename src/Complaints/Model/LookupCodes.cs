using System.Security.Cryptography;

namespace StarPlatform.Complaints.Model;

/// <summary>
/// The lookup code (查询码) a caller gets with the case number: eight characters from an alphabet
/// without look-alikes (no 0/O, 1/I/L), shown as <c>K7M2-9QXP</c>, so that it can be printed on a
/// receipt or read out on the phone. Drawn from a cryptographic generator: 31⁸ ≈ 8.5 × 10¹¹ codes,
/// so case numbers, which are sequential, reveal nothing without it.
/// </summary>
public static class LookupCodes
{
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    public const int Length = 8;

    public static string New() => new(RandomNumberGenerator.GetItems<char>(Alphabet, Length));

    /// <summary>As people write it: in two groups of four.</summary>
    public static string Display(string code) => $"{code[..4]}-{code[4..]}";

    /// <summary>What a caller typed, in the stored form (upper case, without dashes or spaces); null when it cannot be a code.</summary>
    public static string? Normalise(string? typed)
    {
        if (typed is null)
        {
            return null;
        }

        var code = new string(typed.Where(c => c is not ('-' or ' ')).Select(char.ToUpperInvariant).ToArray());
        return code.Length == Length && code.All(Alphabet.Contains) ? code : null;
    }
}
