using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using StarPlatform.Complaints.Model;

namespace StarPlatform.Complaints.Apis;

/// <summary>
/// Encrypts a caller's identity for the database (ASP.NET Core Data Protection: authenticated
/// encryption, keys in the service's database, rotated by the framework) and decrypts it for the
/// roles that may read it. The plain identity exists only in the request and the response.
/// </summary>
public sealed class CallerProtection(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("StarPlatform.Complaints.Caller.v1");

    public string Protect(Caller caller) => _protector.Protect(JsonSerializer.Serialize(caller));

    public Caller? Unprotect(string? protectedCaller) =>
        protectedCaller is null ? null : JsonSerializer.Deserialize<Caller>(_protector.Unprotect(protectedCaller));
}
