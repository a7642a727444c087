using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using StarPlatform.Access;

namespace StarPlatform.Identity.Tests;

/// <summary>The shared token validation remembers valid tokens for a minute at most, and nothing else.</summary>
public sealed class ValidatedTokenCacheTests
{
    private static readonly RsaSecurityKey Key = new(RSA.Create(2048)) { KeyId = "cache-tests" };
    private static readonly RsaSecurityKey OtherKey = new(RSA.Create(2048)) { KeyId = "cache-tests" };

    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);
    private readonly CountingHandler _inner = new();
    private readonly ValidatedTokenCache _cache;

    public ValidatedTokenCacheTests() => _cache = new ValidatedTokenCache(_inner, _clock);

    private static TokenValidationParameters Parameters => new()
    {
        ValidIssuer = "https://identity.test/",
        ValidAudience = StarClaims.Audience,
        IssuerSigningKey = Key,
        RoleClaimType = StarClaims.Role,
    };

    [Fact]
    public void A_validation_is_trusted_for_60_seconds_at_most_and_10000_tokens_are_kept()
    {
        Assert.Equal(TimeSpan.FromSeconds(60), ValidatedTokenCache.Lifetime);
        Assert.Equal(10_000, ValidatedTokenCache.Capacity);
    }

    [Fact]
    public async Task The_same_valid_token_is_validated_once_and_each_request_gets_its_own_claims()
    {
        var token = Token(Key, TimeSpan.FromHours(1));

        var first = await _cache.ValidateTokenAsync(token, Parameters);
        var second = await _cache.ValidateTokenAsync(token, Parameters);

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.Equal(1, _inner.Validations);
        Assert.Equal(first.ClaimsIdentity.Claims.Select(c => (c.Type, c.Value)), second.ClaimsIdentity.Claims.Select(c => (c.Type, c.Value)));
        Assert.True(second.ClaimsIdentity.IsAuthenticated);
        Assert.True(new ClaimsPrincipal(second.ClaimsIdentity).IsInRole(Roles.Operator));

        // A claim added to one request's identity does not reach the next request's.
        second.ClaimsIdentity.AddClaim(new Claim(StarClaims.Role, Roles.Admin));
        var third = await _cache.ValidateTokenAsync(token, Parameters);
        Assert.False(new ClaimsPrincipal(third.ClaimsIdentity).IsInRole(Roles.Admin));
        Assert.NotSame(second.ClaimsIdentity, third.ClaimsIdentity);
    }

    [Fact]
    public async Task After_60_seconds_the_token_is_validated_again()
    {
        var token = Token(Key, TimeSpan.FromHours(1));
        await _cache.ValidateTokenAsync(token, Parameters);

        _clock.Advance(TimeSpan.FromSeconds(59));
        await _cache.ValidateTokenAsync(token, Parameters);
        Assert.Equal(1, _inner.Validations);

        _clock.Advance(TimeSpan.FromSeconds(2));
        await _cache.ValidateTokenAsync(token, Parameters);
        Assert.Equal(2, _inner.Validations);
    }

    [Fact]
    public async Task A_token_is_not_trusted_from_memory_past_its_expiry()
    {
        var token = Token(Key, TimeSpan.FromSeconds(10));
        Assert.True((await _cache.ValidateTokenAsync(token, Parameters)).IsValid);

        _clock.Advance(TimeSpan.FromSeconds(11));
        await _cache.ValidateTokenAsync(token, Parameters);
        Assert.Equal(2, _inner.Validations);
    }

    [Fact]
    public async Task Refused_tokens_are_not_remembered_and_a_changed_token_is_validated_in_full()
    {
        var forged = Token(OtherKey, TimeSpan.FromHours(1));
        Assert.False((await _cache.ValidateTokenAsync(forged, Parameters)).IsValid);
        Assert.False((await _cache.ValidateTokenAsync(forged, Parameters)).IsValid);
        Assert.Equal(2, _inner.Validations);

        var token = Token(Key, TimeSpan.FromHours(1));
        Assert.True((await _cache.ValidateTokenAsync(token, Parameters)).IsValid);
        var tampered = token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];
        var result = await _cache.ValidateTokenAsync(tampered, Parameters);
        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenInvalidSignatureException>(result.Exception, exactMatch: false);
        Assert.Equal(4, _inner.Validations);
    }

    [Fact]
    public void Every_service_validates_through_the_cache()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddServiceAuthentication();
        using var host = builder.Build();
        var options = host.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);

        var handler = Assert.IsType<ValidatedTokenCache>(Assert.Single(options.TokenHandlers));
        Assert.False(Assert.IsType<JsonWebTokenHandler>(handler.Inner).MapInboundClaims);
    }

    private string Token(SecurityKey key, TimeSpan lifetime)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://identity.test/",
            Audience = StarClaims.Audience,
            Subject = new ClaimsIdentity([new Claim(StarClaims.Subject, "dev-operator"), new Claim(StarClaims.Role, Roles.Operator)]),
            NotBefore = now.AddMinutes(-1),
            IssuedAt = now.AddMinutes(-1),
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    /// <summary>The real handler, counting the validations it did.</summary>
    private sealed class CountingHandler : TokenHandler
    {
        private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

        public int Validations { get; private set; }

        public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
        {
            Validations++;
            return _handler.ValidateTokenAsync(token, validationParameters);
        }
    }
}
