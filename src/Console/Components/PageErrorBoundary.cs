using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Localization;

namespace StarPlatform.OperatorConsole.Components;

/// <summary>
/// The last line of defence for an exception no page action caught (<see cref="Unexpected"/>
/// catches those of submissions and steps, keeping what was typed): a Chinese message above the
/// page, shown again from scratch, instead of a dead circuit. The exception is logged as an Error.
/// A second exception before the person dismisses the message shows the message alone (a page that
/// fails while rendering would otherwise fail again on every render).
/// </summary>
public sealed class PageErrorBoundary : ErrorBoundaryBase
{
    private int _errorsSinceRecover;

    [Inject] private IStringLocalizer<Ui> L { get; set; } = null!;

    [Inject] private ILogger<PageErrorBoundary> Logger { get; set; } = null!;

    protected override Task OnErrorAsync(Exception exception)
    {
        _errorsSinceRecover++;
        Logger.LogError(exception, "A console page failed unexpectedly; it is shown again");
        return Task.CompletedTask;
    }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        if (CurrentException is not null)
        {
            builder.OpenElement(0, "div");
            builder.AddAttribute(1, "class", "problem unexpected");
            builder.AddAttribute(2, "role", "alert");
            builder.AddAttribute(3, "data-testid", "page-error");
            builder.OpenElement(4, "strong");
            builder.AddContent(5, L["Error.Unexpected"]);
            builder.CloseElement();
            builder.OpenElement(6, "span");
            builder.AddContent(7, L[_errorsSinceRecover > 1 ? "Error.PageLost" : "Error.PageShownAgain"]);
            builder.CloseElement();
            builder.OpenElement(8, "button");
            builder.AddAttribute(9, "type", "button");
            builder.AddAttribute(10, "class", "secondary");
            builder.AddAttribute(11, "onclick", EventCallback.Factory.Create<MouseEventArgs>(this, Dismiss));
            builder.AddContent(12, L["Error.Dismiss"]);
            builder.CloseElement();
            builder.CloseElement();
        }

        if (CurrentException is null || _errorsSinceRecover <= 1)
        {
            builder.AddContent(13, ChildContent);
        }
    }

    private void Dismiss()
    {
        _errorsSinceRecover = 0;
        Recover();
    }
}
