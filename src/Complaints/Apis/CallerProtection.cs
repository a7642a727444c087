using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using StarPlatform.Complaints.Model;

namespace StarPlatform.Complaints.Apis;

/// <summary>
/// Encrypts a caller's identity for the database (ASP.NET Core Data Protection: authenticated
/// encryption, keys in the service's database, rotated by the framework) and decrypts it for the
/// roles that may read it; likewise the lookup code the caller follows the case with. The plain
/// identity exists only in the request and the response.
/// </summary>
public sealed class CallerProtection(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("StarPlatform.Complaints.Caller.v1");
    private readonly IDataProtector _codes = provider.CreateProtector("StarPlatform.Complaints.LookupCode.v1");

    public string Protect(Caller caller) => _protector.Protect(JsonSerializer.Serialize(caller));

    public Caller? Unprotect(string? protectedCaller) =>
        protectedCaller is null ? null : JsonSerializer.Deserialize<Caller>(_protector.Unprotect(protectedCaller));

    /// <summary>The caller's lookup code, encrypted for the database (as the caller is).</summary>
    public string ProtectCode(string code) => _codes.Protect(code);

    public string? UnprotectCode(string? protectedCode) => protectedCode is null ? null : _codes.Unprotect(protectedCode);

    /// <summary>Whether <paramref name="given"/> is the case's code (in constant time; a case without one matches nothing).</summary>
    public bool CodeMatches(string? protectedCode, string? given) =>
        UnprotectCode(protectedCode) is { } code && LookupCodes.Normalise(given) is { } candidate
        && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(code), System.Text.Encoding.ASCII.GetBytes(candidate));
}
