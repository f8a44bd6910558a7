using Aspire.Hosting.Testing;
using Microsoft.Playwright;

namespace Platform.IntegrationTests;

/// <summary>The system's Chromium, headless, driven by Playwright, signing test users in to the admin console.</summary>
internal sealed class AdminConsoleBrowser(IPlaywright playwright, IBrowser browser) : IAsyncDisposable
{
    public static async Task<AdminConsoleBrowser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return new AdminConsoleBrowser(playwright, browser);
    }

    /// <summary>
    /// Opens a page of the console in a fresh context (nothing cached, no session); the console sends the browser to the
    /// provider's page, where the test user is picked, and back.
    /// </summary>
    public async Task<IPage> SignInAsync(PlatformFixture platform, string user, string path)
    {
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var console = platform.App.GetEndpoint("admin-ui", "http");
        await page.GotoAsync(new Uri(console, path).ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = user }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith(path, StringComparison.Ordinal));
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}
