using StarPlatform.Identity.Model;

namespace StarPlatform.Identity.Tests;

public class PublicAddressesTests
{
    private static readonly Uri Internal = new("http://localhost:42477/");
    private static readonly Uri Issuer = new("http://localhost:5080/");

    [Fact]
    public void An_endpoint_seen_at_the_internal_address_is_published_under_the_issuer()
    {
        Assert.Equal(new Uri("http://localhost:5080/connect/token"),
            PublicAddresses.Rebase(new Uri("http://localhost:42477/connect/token"), Internal, Issuer));
    }

    [Fact]
    public void An_issuer_with_a_path_keeps_it()
    {
        Assert.Equal(new Uri("https://star.example/auth/.well-known/jwks"),
            PublicAddresses.Rebase(new Uri("http://localhost:42477/.well-known/jwks"), Internal, new Uri("https://star.example/auth")));
    }

    [Fact]
    public void An_endpoint_elsewhere_or_missing_is_left_alone()
    {
        Assert.Equal(new Uri("http://other.test/x"), PublicAddresses.Rebase(new Uri("http://other.test/x"), Internal, Issuer));
        Assert.Null(PublicAddresses.Rebase(null, Internal, Issuer));
        Assert.Equal(new Uri("http://localhost:42477/x"), PublicAddresses.Rebase(new Uri("http://localhost:42477/x"), Internal, null));
    }
}
