using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace StarPlatform.Ratings;

/// <summary>A real-name rater's contact, as given.</summary>
public sealed record RaterContact(string? Name, string Phone);

/// <summary>
/// Encrypts a real-name rater's contact for the database (ASP.NET Core Data Protection, keys in the
/// service's database), as Complaints does a 12388 caller (decision 0011). The plain contact exists only
/// in the request, and for the staff who call back.
/// </summary>
public sealed class ContactProtection(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("StarPlatform.Ratings.Contact.v1");

    public string Protect(RaterContact contact) => _protector.Protect(JsonSerializer.Serialize(contact));

    public RaterContact? Unprotect(string? protectedContact) =>
        protectedContact is null ? null : JsonSerializer.Deserialize<RaterContact>(_protector.Unprotect(protectedContact));
}
