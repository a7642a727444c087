using System.Net;
using System.Security.Claims;
using StarPlatform.Gateway.Access;

namespace StarPlatform.Gateway.Tests;

public class RateLimitsTests
{
    private static readonly IPAddress Address = IPAddress.Parse("203.0.113.7");

    [Fact]
    public void A_request_with_a_valid_token_counts_against_its_client_wherever_it_comes_from()
    {
        var actor = Guid.NewGuid().ToString();
        var user = Authenticated(("client_id", "portal-backend"), ("sub", actor));

        Assert.Equal($"client:portal-backend/{actor}", RateLimits.PartitionKey(user, Address));
        Assert.Equal($"client:portal-backend/{actor}", RateLimits.PartitionKey(user, IPAddress.Parse("198.51.100.1")));
    }

    [Fact]
    public void People_signed_in_through_one_browser_client_count_separately()
    {
        var one = Authenticated(("client_id", "dev-console"), ("sub", Guid.NewGuid().ToString()));
        var another = Authenticated(("client_id", "dev-console"), ("sub", Guid.NewGuid().ToString()));

        Assert.NotEqual(RateLimits.PartitionKey(one, Address), RateLimits.PartitionKey(another, Address));
    }

    [Fact]
    public void A_token_with_only_a_client_id_or_only_a_subject_counts_against_that()
    {
        var subject = Guid.NewGuid().ToString();

        Assert.Equal($"client:{subject}", RateLimits.PartitionKey(Authenticated(("sub", subject)), Address));
        Assert.Equal("client:script", RateLimits.PartitionKey(Authenticated(("client_id", "script")), Address));
    }

    [Fact]
    public void A_request_without_a_valid_token_counts_against_its_address()
    {
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity());
        var claimsButNotAuthenticated = new ClaimsPrincipal(new ClaimsIdentity([new Claim("client_id", "forged")]));

        Assert.Null(RateLimits.ClientOf(anonymous));
        Assert.Equal("address:203.0.113.7", RateLimits.PartitionKey(anonymous, Address));
        Assert.Equal("address:203.0.113.7", RateLimits.PartitionKey(claimsButNotAuthenticated, Address));
    }

    [Fact]
    public void An_IPv4_address_seen_as_IPv6_is_the_same_address()
    {
        Assert.Equal("203.0.113.7", RateLimits.AddressKey(Address.MapToIPv6()));
    }

    [Fact]
    public void IPv6_addresses_of_one_slash_64_share_a_partition()
    {
        var one = RateLimits.AddressKey(IPAddress.Parse("2001:db8:1:2:aaaa::1"));
        var sameBlock = RateLimits.AddressKey(IPAddress.Parse("2001:db8:1:2:ffff:1:2:3"));
        var otherBlock = RateLimits.AddressKey(IPAddress.Parse("2001:db8:1:3::1"));

        Assert.Equal("2001:db8:1:2::/64", one);
        Assert.Equal(one, sameBlock);
        Assert.NotEqual(one, otherBlock);
    }

    [Fact]
    public void An_unknown_address_is_one_partition()
    {
        Assert.Equal("unknown", RateLimits.AddressKey(null));
    }

    [Theory]
    [InlineData(0.2, 1)]
    [InlineData(1.0, 1)]
    [InlineData(59.01, 60)]
    [InlineData(0, 60)]
    public void Retry_After_is_whole_seconds_rounded_up(double seconds, int expected)
    {
        Assert.Equal(expected, RateLimits.RetryAfterSeconds(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Retry_After_without_a_hint_is_a_full_minute()
    {
        Assert.Equal(60, RateLimits.RetryAfterSeconds(null));
    }

    [Fact]
    public void A_window_is_never_empty_and_never_queues()
    {
        var options = new FixedWindow { PermitLimit = 0, WindowSeconds = 0 }.ToOptions();

        Assert.Equal(1, options.PermitLimit);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Window);
        Assert.Equal(0, options.QueueLimit);
    }

    private static ClaimsPrincipal Authenticated(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "Bearer"));
}
