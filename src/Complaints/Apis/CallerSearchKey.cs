using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using StarPlatform.Complaints.Data;
using StarPlatform.Complaints.Model;

namespace StarPlatform.Complaints.Apis;

/// <summary>The service's one secret for searching callers by phone (a row of <c>caller_search_keys</c>, encrypted like a caller).</summary>
public sealed class CallerSearchKeyRow
{
    public int Id { get; set; }

    public required string ProtectedKey { get; set; }
}

/// <summary>
/// A case is found by its caller's phone without the phone being kept in clear: beside the encrypted
/// caller the case keeps an HMAC-SHA256 of the normalised phone (<see cref="CallerPhones"/>) under a key
/// of the service's own — 32 random bytes made once, kept in its database encrypted with Data
/// Protection (the caller's key ring), the same for every replica. Without the key the hash says
/// nothing: a phone number has too few digits to be kept secret by a plain hash.
/// </summary>
public sealed class CallerSearchKey(IServiceScopeFactory scopes, IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("StarPlatform.Complaints.CallerSearchKey.v1");
    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _key;

    /// <summary>The phone's search hash (lower-case hex), or null when it has nothing to search by.</summary>
    public async Task<string?> HashAsync(string? phone, CancellationToken ct)
    {
        if (CallerPhones.Normalise(phone) is not { } normalised)
        {
            return null;
        }

        var key = _key ?? await LoadAsync(ct);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(normalised)));
    }

    private async Task<byte[]> LoadAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_key is { } loaded)
            {
                return loaded;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ComplaintsDbContext>();
            // The first copy to need it makes it; a copy racing it keeps the one that was stored.
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO caller_search_keys (id, protected_key) VALUES (1, {0}) ON CONFLICT (id) DO NOTHING",
                [_protector.Protect(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))], ct);
            var stored = await db.CallerSearchKeys.AsNoTracking().SingleAsync(k => k.Id == 1, ct);
            _key = Convert.FromBase64String(_protector.Unprotect(stored.ProtectedKey));
            return _key;
        }
        finally
        {
            _gate.Release();
        }
    }
}
