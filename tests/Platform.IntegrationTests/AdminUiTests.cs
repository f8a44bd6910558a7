using Aspire.Hosting.Testing;
using Microsoft.Playwright;

namespace Platform.IntegrationTests;

/// <summary>
/// The admin console in a real browser (the system's Chromium, headless): signing in at the development identity
/// provider with the authorization code flow and PKCE, then the sales page through the host's proxy.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class AdminUiTests(PlatformFixture platform) : IAsyncLifetime
{
    /// <summary>A month of the seeded history, in the URL as a shared view would be.</summary>
    private const string SalesView = "/?startDate=2026-10-01&endDate=2026-10-31&granularity=day&compare=previous_period";

    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [Fact]
    public async Task AnAdminSignsInAndSeesEachCurrencysSalesWithTheirChangeAndTheRevenueCurve()
    {
        var page = await SignInAsync("Ada Admin");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sales 2026-10-01 – 2026-10-31 (America/Chicago)" })).ToBeVisibleAsync();
        var usd = page.GetByRole(AriaRole.Article, new() { Name = "Sales in USD" });
        await Assertions.Expect(usd).ToContainTextAsync("Revenue");
        await Assertions.Expect(usd).ToContainTextAsync("%");
        await Assertions.Expect(page.Locator(".recharts-line")).Not.ToHaveCountAsync(0);
        Assert.Contains("startDate=2026-10-01", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUserWithoutTheAdminRoleIsToldSo()
    {
        var page = await SignInAsync("Victor Viewer");

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Your account lacks the admin role.");
    }

    [Fact]
    public async Task TheHostCachesTheHashedAssetsForGoodAndThePageNever()
    {
        using var http = platform.App.CreateHttpClient("admin-ui", "http");
        var index = await http.GetAsync("/sales/deep-link");
        var html = await index.Content.ReadAsStringAsync();
        var script = System.Text.RegularExpressions.Regex.Match(html, "src=\"(/assets/[^\"]+\\.js)\"").Groups[1].Value;
        var asset = await http.GetAsync(script);

        Assert.Equal("no-cache", index.Headers.CacheControl?.ToString());
        Assert.Contains("<div id=\"root\">", html, StringComparison.Ordinal);
        Assert.Equal("public, max-age=31536000, immutable", asset.Headers.CacheControl?.ToString());
    }

    /// <summary>Opens the sales view; the console sends the browser to the provider's page, where the test user is picked.</summary>
    private async Task<IPage> SignInAsync(string user)
    {
        var context = await _browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(platform.App.GetEndpoint("admin-ui", "http") + SalesView.TrimStart('/'));
        await page.GetByRole(AriaRole.Button, new() { Name = user }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("startDate=2026-10-01", StringComparison.Ordinal) && !url.Contains("/callback", StringComparison.Ordinal));
        return page;
    }
}
