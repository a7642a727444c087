using System.Text.RegularExpressions;
using StarPlatform.Identity.Apis;
using StarPlatform.Identity.Model;

namespace StarPlatform.Identity.Tests;

public class DevelopmentSignInPageTests
{
    [Fact]
    public void The_sign_in_page_asks_the_same_request_again_with_the_account_chosen()
    {
        var html = DevelopmentSignInPage.Render(
        [
            new("client_id", "dev-console"),
            new("state", "a\"><script>x</script>"),
            new("code_challenge", "abc"),
        ], "zh-CN");

        Assert.Contains("<form method=\"get\" action=\"authorize\">", html);
        Assert.Contains("<input type=\"hidden\" name=\"client_id\" value=\"dev-console\">", html);
        Assert.Contains("<input type=\"hidden\" name=\"code_challenge\" value=\"abc\">", html);
        // Values are encoded: a state cannot inject markup.
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("value=\"a&quot;&gt;&lt;script&gt;x&lt;/script&gt;\"", html);
        var accounts = Regex.Matches(html, "name=\"login_hint\" value=\"([^\"]+)\"").Select(m => m.Groups[1].Value);
        Assert.Equal(DevelopmentClients.All.Select(c => c.ClientId), accounts);
        Assert.Contains("话务员", html);
    }

    [Fact]
    public void The_sign_in_page_speaks_english_when_the_client_asks_for_it()
    {
        var html = DevelopmentSignInPage.Render([], "en");

        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("Operator", html);
        Assert.DoesNotContain("话务员", html);
    }
}
