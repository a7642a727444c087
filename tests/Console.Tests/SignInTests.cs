using Microsoft.Playwright;

namespace StarPlatform.OperatorConsole.Tests;

/// <summary>
/// 登录 leaves for Identity's sign-in page as a plain page load. Once a page is interactive Blazor's router takes
/// every link under the console's base and sends the browser on only after a round trip through the circuit: a
/// click just after the page turned interactive, on a busy machine, waited on that trip (and the test on it).
/// </summary>
[Collection(ConsoleCollection.Name)]
public class SignInTests(ConsoleFixture console)
{
    [Fact]
    public async Task The_sign_in_link_reaches_the_sign_in_page_even_when_the_circuit_does_not_answer()
    {
        var page = await console.AnonymousPageAsync();
        await console.GotoAsync(page, "");
        // The router takes links once the circuit has told the page to (just after the first interactive render): a
        // link it takes has its click's default prevented, even one that opts out of enhanced navigation.
        await page.WaitForFunctionAsync(RouterTakesLinks, null, new() { PollingInterval = 100 });
        // From now on nothing the page says reaches its circuit: a click the router took would go nowhere.
        await page.EvaluateAsync("() => { WebSocket.prototype.send = function () { }; }");

        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "登录" }).ClickAsync();

        await Assertions.Expect(page.Locator("button[name=login_hint][value='dev-secretary']")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    private const string RouterTakesLinks = """
        () => {
            const link = document.createElement('a');
            link.href = location.href.split('#')[0] + '#router-probe';
            link.setAttribute('data-enhance-nav', 'false');
            document.body.appendChild(link);
            const click = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 });
            link.dispatchEvent(click);
            link.remove();
            return click.defaultPrevented;
        }
        """;
}
