namespace StarPlatform.Complaints.Model;

/// <summary>A caller's phone as it is searched for: the same number however it was typed.</summary>
public static class CallerPhones
{
    /// <summary>
    /// Digits only, without China's country code (+86, 0086): <c>138 0000 1234</c>, <c>+86-13800001234</c>
    /// and <c>13800001234</c> are one number. Null when there are fewer than 5 digits (nothing to search by).
    /// </summary>
    public static string? Normalise(string? phone)
    {
        if (phone is null)
        {
            return null;
        }

        var digits = new string([.. phone.Where(char.IsAsciiDigit)]);
        if (digits.StartsWith("0086", StringComparison.Ordinal))
        {
            digits = digits[4..];
        }
        else if (digits.Length == 13 && digits.StartsWith("86", StringComparison.Ordinal))
        {
            digits = digits[2..];
        }

        return digits.Length >= 5 ? digits : null;
    }
}
