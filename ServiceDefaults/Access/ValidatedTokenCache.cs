using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.Tokens;

namespace StarPlatform.Access;

/// <summary>
/// Remembers, for a short while, that an exact token string passed validation, so the next
/// request with the same token (an operator's client sends one token for an hour) skips parsing
/// it and checking its RSA signature again; the gateway and the service behind it each validated
/// every request's token in full. Only valid tokens are remembered; a remembered one is trusted
/// until <see cref="Lifetime"/> has passed or the token expires, whichever is first, so a change
/// of the identity server's signing keys takes effect within <see cref="Lifetime"/>. Each request
/// gets its own copy of the claims.
/// </summary>
public sealed class ValidatedTokenCache(TokenHandler inner, TimeProvider clock) : TokenHandler, IDisposable
{
    /// <summary>How long a validation is trusted at most.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    /// <summary>Tokens remembered at most (each entry is the token string and its claims, ~2 KB).</summary>
    public const int Capacity = 10_000;

    private readonly MemoryCache _validated = new(new MemoryCacheOptions { SizeLimit = Capacity, Clock = new CacheClock(clock) });

    public TokenHandler Inner => inner;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (_validated.TryGetValue(token, out TokenValidationResult? known) && known is not null)
        {
            return new TokenValidationResult
            {
                IsValid = true,
                ClaimsIdentity = known.ClaimsIdentity.Clone(),
                SecurityToken = known.SecurityToken,
                Issuer = known.Issuer,
                TokenType = known.TokenType,
            };
        }

        var result = await inner.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is { } validated)
        {
            var now = clock.GetUtcNow();
            var until = now + Lifetime;
            if (validated.ValidTo != DateTime.MinValue && validated.ValidTo < until.UtcDateTime)
            {
                until = new DateTimeOffset(DateTime.SpecifyKind(validated.ValidTo, DateTimeKind.Utc));
            }

            if (until > now)
            {
                _validated.Set(token, result, new MemoryCacheEntryOptions { AbsoluteExpiration = until, Size = 1 });
            }
        }

        return result;
    }

    public override Task<TokenValidationResult> ValidateTokenAsync(SecurityToken token, TokenValidationParameters validationParameters) =>
        inner.ValidateTokenAsync(token, validationParameters);

    public override SecurityToken ReadToken(string token) => inner.ReadToken(token);

    public override int MaximumTokenSizeInBytes
    {
        get => inner.MaximumTokenSizeInBytes;
        set => inner.MaximumTokenSizeInBytes = value;
    }

    public void Dispose() => _validated.Dispose();

    private sealed class CacheClock(TimeProvider clock) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => clock.GetUtcNow();
    }
}
