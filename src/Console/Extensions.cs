using System.Globalization;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Localization;
using StarPlatform.OperatorConsole.Components;
using StarPlatform.OperatorConsole.Gateway;
using StarPlatform.OperatorConsole.SignIn;

namespace StarPlatform.OperatorConsole;

public static class Extensions
{
    /// <summary>Simplified Chinese first, English on request (a cookie).</summary>
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    /// <summary>
    /// Blazor server rendering with interactive server components; people sign in at Identity
    /// (authorization code + PKCE) and the access token travels in the encrypted sign-in cookie,
    /// so server-side calls to the gateway carry the person's own token.
    /// </summary>
    public static IHostApplicationBuilder AddConsoleServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConsoleSettings>().BindConfiguration(ConsoleSettings.Section);
        var settings = builder.Configuration.GetSection(ConsoleSettings.Section).Get<ConsoleSettings>() ?? new ConsoleSettings();

        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("StarPlatform.Console");
        if (settings.KeysPath is { Length: > 0 } keys)
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keys));
        }

        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "star-console";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.LoginPath = "/signin";
                options.AccessDeniedPath = "/forbidden";
                // The cookie lives as long as the access token inside it.
                options.SlidingExpiration = false;
            });
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();

        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });

        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            // Only the gateway reaches the console: absolute URLs (sign-in redirects) use the address the browser used.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedHost | ForwardedHeaders.XForwardedProto;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
        });

        builder.Services.AddMemoryCache();
        builder.Services.AddHttpClient<GatewayClient>(http => http.BaseAddress = new Uri(settings.Gateway));
        builder.Services.AddHttpClient<TokenClient>(http => http.BaseAddress = new Uri(settings.Gateway));
        builder.Services.AddScoped<UnitDirectory>();
        builder.Services.AddScoped<PeopleDirectory>();
        builder.Services.AddScoped<CycleResults>();

        builder.Services.AddRazorComponents().AddInteractiveServerComponents()
            // A description pasted whole (10,000 Chinese characters are 30 KB) must reach the page to be counted: SignalR's default is 32 KB.
            .AddHubOptions(o => o.MaximumReceiveMessageSize = 256 * 1024);
        return builder;
    }

    public static WebApplication UseConsolePipeline(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UsePathBase(ConsoleSettings.PathBase);
        app.UseRouting();
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapConsole(this WebApplication app)
    {
        app.MapSignIn();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
