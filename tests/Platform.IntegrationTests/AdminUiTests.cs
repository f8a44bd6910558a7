using System.Net.Http.Json;
using Aspire.Hosting.Testing;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Platform.IntegrationTests.CommerceEventsClient;
using Xunit.Abstractions;

namespace Platform.IntegrationTests;

/// <summary>
/// The admin console in a real browser (the system's Chromium, headless): signing in at the development identity
/// provider with the authorization code flow and PKCE, then the sales page through the host's proxy.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class AdminUiTests(PlatformFixture platform, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>A month of the seeded history, in the URL as a shared view would be.</summary>
    private const string SalesView = "/?startDate=2026-10-01&endDate=2026-10-31&granularity=day&compare=previous_period";

    private AdminConsoleBrowser _browser = null!;

    public async Task InitializeAsync() => _browser = await AdminConsoleBrowser.LaunchAsync();

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task AnAdminSignsInAndSeesEachCurrencysSalesWithTheirChangeAndTheRevenueCurve()
    {
        var page = await SignInAsync("Ada Admin", SalesView);

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sales 2026-10-01 – 2026-10-31 (America/Chicago)" })).ToBeVisibleAsync();
        var usd = page.GetByRole(AriaRole.Article, new() { Name = "Sales in USD" });
        await Assertions.Expect(usd).ToContainTextAsync("Revenue");
        await Assertions.Expect(usd).ToContainTextAsync("%");
        await Assertions.Expect(page.Locator(".recharts-line")).Not.ToHaveCountAsync(0);
        Assert.Contains("startDate=2026-10-01", page.Url, StringComparison.Ordinal);

        // The cards say what the API says for the same view, and the chart has a point per bucket and currency.
        using var api = platform.CreateReportingClient(platform.AdminToken());
        var report = await api.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/reports/sales" + SalesView.TrimStart('/'));
        foreach (var change in report.GetProperty("changes").EnumerateArray())
        {
            var currency = change.GetProperty("currency").GetString()!;
            var card = page.GetByRole(AriaRole.Article, new() { Name = $"Sales in {currency}" });
            var revenue = change.GetProperty("revenue").GetProperty("current").GetDecimal();
            await Assertions.Expect(card).ToContainTextAsync(revenue.ToString("N2", System.Globalization.CultureInfo.GetCultureInfo("en-US")));
            await Assertions.Expect(card).ToContainTextAsync($"{change.GetProperty("orders").GetProperty("current").GetInt64()} ");
        }

        var buckets = report.GetProperty("series").GetArrayLength();
        await Assertions.Expect(page.Locator(".recharts-line-dots circle")).ToHaveCountAsync(buckets);
    }

    [Fact]
    public async Task EveryPageHasNoSeriousAccessibilityViolationAndIsScreenshotted()
    {
        var page = await SignInAsync("Ada Admin", "/?startDate=2026-10-01&endDate=2026-10-31");
        var screenshots = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots", "admin-ui")).FullName;
        var violations = new List<string>();
        foreach (var link in new[] { "Sales", "Top products", "Order status", "Customers", "Campaigns", "Delivery", "Inventory", "Low stock", "Operations" })
        {
            await page.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = link })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("Loading")).ToHaveCountAsync(0);
            await page.ScreenshotAsync(new() { Path = Path.Combine(screenshots, $"{link.Replace(' ', '-').ToLowerInvariant()}.png"), FullPage = true });
            var axe = await page.RunAxe();
            violations.AddRange(axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{link}: {v.Id} ({v.Impact}) {v.Help}"));
        }

        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    [Fact]
    public async Task TheConsolesJavaScriptIsUnder300KilobytesGzipped()
    {
        using var http = platform.App.CreateHttpClient("admin-ui", "http");
        var html = await http.GetStringAsync("/");
        var scripts = System.Text.RegularExpressions.Regex.Matches(html, "src=\"(/assets/[^\"]+\\.js)\"").Select(m => m.Groups[1].Value).ToList();
        long gzipped = 0;
        foreach (var script in scripts)
        {
            using var compressed = new MemoryStream();
            await using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
            {
                await gzip.WriteAsync(await http.GetByteArrayAsync(script));
            }

            gzipped += compressed.Length;
        }

        Assert.NotEmpty(scripts);
        Assert.True(gzipped <= 300 * 1024, $"{gzipped / 1024} kB gzipped");
    }

    [Fact]
    public async Task AUserWithoutTheAdminRoleIsToldSo()
    {
        var page = await SignInAsync("Victor Viewer", SalesView);

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

    [Fact]
    public async Task TheInventoryTablePagesAndSortsOnTheServerKeepsItsViewInTheUrlAndExportsCsv()
    {
        var page = await SignInAsync("Ada Admin", "/inventory?pageSize=25&sort=-quantity");
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Inventory" });
        await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(25);
        await Assertions.Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "In stock" })).ToHaveAttributeAsync("aria-sort", "descending");

        await page.GetByRole(AriaRole.Button, new() { Name = "Name" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/inventory?page=1&pageSize=25&sort=name", StringComparison.Ordinal));
        var firstNames = await table.Locator("tbody tr td:nth-child(2)").AllInnerTextsAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("page=2&pageSize=25&sort=name", StringComparison.Ordinal));
        await Assertions.Expect(table.Locator("tbody tr td:nth-child(2)").First).Not.ToHaveTextAsync(firstNames[0]);

        var names = (await table.Locator("tbody tr td:nth-child(2)").AllInnerTextsAsync()).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.True(string.CompareOrdinal(firstNames[^1], names[0]) <= 0, "page 2 continues page 1's order");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Export CSV" }).ClickAsync());
        Assert.Equal("inventory.csv", download.SuggestedFilename);
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        // The same page the API writes as CSV.
        using var api = platform.CreateReportingClient(platform.AdminToken());
        using var asCsv = new HttpRequestMessage(HttpMethod.Get, "/api/reports/inventory?page=2&pageSize=25&sort=name") { Headers = { { "Accept", "text/csv" } } };
        Assert.Equal(await (await api.SendAsync(asCsv)).Content.ReadAsStringAsync(), csv);
        Assert.StartsWith("skuId,", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WalkingEveryInventoryPageShowsEverySkuOnce()
    {
        var page = await SignInAsync("Ada Admin", "/inventory?pageSize=200&sort=skuId");
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Inventory" });
        var next = page.GetByRole(AriaRole.Button, new() { Name = "Next" });
        var seen = new List<string>();
        for (var pageNumber = 1; ; pageNumber++)
        {
            await page.WaitForURLAsync(url => pageNumber == 1 || url.Contains($"page={pageNumber}&", StringComparison.Ordinal));
            await Assertions.Expect(page.GetByText($"Page {pageNumber} of")).ToBeVisibleAsync();
            seen.AddRange(await table.Locator("tbody tr td:nth-child(1)").AllInnerTextsAsync());
            if (await next.IsDisabledAsync())
            {
                break;
            }

            await next.ClickAsync();
            Assert.True(pageNumber < 100, "more pages than the catalog can fill");
        }

        using var api = platform.CreateReportingClient(platform.AdminToken());
        var all = await api.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/reports/inventory?pageSize=500&sort=skuId");
        Assert.True(all.GetProperty("totalCount").GetInt64() <= 500);
        Assert.Equal(all.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("skuId").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)), seen);
    }

    [Fact]
    public async Task TheReportPagesShowTheirTablesAndKeepThePeriodFromPageToPage()
    {
        const string Period = "?startDate=2026-10-01&endDate=2026-10-31&compare=previous_year";
        var page = await SignInAsync("Ada Admin", "/orders" + Period);

        var statuses = page.GetByRole(AriaRole.Table, new() { Name = "Order status" });
        await Assertions.Expect(statuses.Locator("tbody tr", new() { HasText = "SUBMITTED" }).First).ToContainTextAsync("%");

        foreach (var (link, table) in new[] { ("Customers", "Customers"), ("Campaigns", "Campaigns"), ("Delivery", "Delivery by status") })
        {
            await page.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
            await page.WaitForURLAsync(url => url.EndsWith(Period, StringComparison.Ordinal) && url.Contains($"/{link.ToLowerInvariant()}?", StringComparison.Ordinal));
            await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = table }).Locator("tbody tr").First).ToBeVisibleAsync();
        }

        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Delivery by status" })).ToContainTextAsync("%");
    }

    [Fact]
    public async Task ThePeriodIsChosenWithItsControlsAndTopProductsSortOnTheServer()
    {
        var page = await SignInAsync("Ada Admin", "/top-products?startDate=2026-10-01&endDate=2026-10-31&compare=previous_period");
        var products = page.GetByRole(AriaRole.Table, new() { Name = "Top products" });
        await Assertions.Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Revenue" })).ToHaveAttributeAsync("aria-sort", "descending");
        await Assertions.Expect(products.Locator("tbody tr").First).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Units" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("sort=units", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Units" })).ToHaveAttributeAsync("aria-sort", "ascending");

        await page.GetByLabel("From").FillAsync("2026-09-15");
        await page.GetByLabel("From").PressAsync("Enter");
        await page.WaitForURLAsync(url => url.Contains("startDate=2026-09-15", StringComparison.Ordinal) && url.Contains("page=1", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Top products 2026-09-15 – 2026-10-31" })).ToBeVisibleAsync();
        await page.GetByLabel("Compared with").SelectOptionAsync("previous_year");
        await page.WaitForURLAsync(url => url.Contains("compare=previous_year", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnOperatorReplaysADeadLetterAndReindexesSearchFromTheOperationsPage()
    {
        // An event of a type no notification is defined for: dead-lettered at once, with its id.
        var eventId = Guid.NewGuid().ToString();
        await platform.PublishAsync(OrdersTopic, "42",
            Envelope(eventId, "commerce.order.lost.v1", new System.Text.Json.Nodes.JsonObject { ["orderId"] = 42 }));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await platform.WaitForDeadLetterAsync(l => l.Header("dlq-event-id") == eventId, deadline.Token);

        var page = await SignInAsync("Ada Admin", "/operations");

        var letters = page.GetByRole(AriaRole.Table, new() { Name = "Dead letters" });
        await Assertions.Expect(letters.Locator("tr", new() { HasText = eventId })).ToContainTextAsync("unknown-type");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Replay {eventId}" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Replayed 1.");

        var index = page.GetByRole(AriaRole.Definition).Nth(1);
        await Assertions.Expect(index).Not.ToHaveTextAsync("0");
        var reindex = page.GetByRole(AriaRole.Button, new() { Name = "Reindex", Exact = true });
        await reindex.ClickAsync();
        // It polls the status while the reindex runs, and shows how it ended.
        await Assertions.Expect(reindex).ToBeEnabledAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Definition).Nth(2)).ToContainTextAsync("products,", new() { Timeout = 60_000 });
    }

    /// <summary>
    /// The Sales page's first meaningful paint: from the navigation back from the provider's sign-in page to the first
    /// frame with the report's figures (the page's User Timing mark), in a fresh browser context each time, so nothing is
    /// cached. Measured and written down (README, "Admin console"), not held to its 1.5 s target here: speed is not a
    /// test's business on these shared machines.
    /// </summary>
    [Fact]
    public async Task TheSalesPagesFirstMeaningfulPaintIsMeasuredInTheBrowser()
    {
        var paints = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            var page = await SignInAsync("Ada Admin", SalesView);
            var mark = await page.WaitForFunctionAsync("() => performance.getEntriesByName('sales-first-meaningful-paint')[0]?.startTime");
            paints.Add(await mark.JsonValueAsync<double>());
            await Assertions.Expect(page.Locator(".recharts-line")).Not.ToHaveCountAsync(0);
            await page.Context.CloseAsync();
        }

        paints.Sort();
        var figures = $"Sales page, first meaningful paint after sign-in (ms): min {paints[0]:F0}, median {paints[1]:F0}, max {paints[2]:F0}";
        output.WriteLine(figures);
        await File.WriteAllTextAsync(Path.Combine(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots", "admin-ui")).FullName, "first-meaningful-paint.txt"), figures);
        Assert.All(paints, paint => Assert.True(paint > 0, "marked before the page's own navigation"));
    }

    [Fact]
    public async Task TopProductsAreFilteredByCurrencyOnTheServerAndABadCurrencyIsNamed()
    {
        var page = await SignInAsync("Ada Admin", "/top-products?startDate=2026-10-01&endDate=2026-10-31");
        var currencies = page.GetByRole(AriaRole.Table, new() { Name = "Top products" }).Locator("tbody tr td:nth-child(3)");
        await Assertions.Expect(currencies.First).ToHaveTextAsync("USD");

        await page.GetByLabel("Currency").FillAsync("EUR");
        await page.GetByLabel("Currency").PressAsync("Enter");
        await page.WaitForURLAsync(url => url.Contains("currency=EUR", StringComparison.Ordinal));
        await Assertions.Expect(currencies.First).ToHaveTextAsync("EUR");
        Assert.All(await currencies.AllInnerTextsAsync(), currency => Assert.Equal("EUR", currency));

        await page.GetByLabel("Currency").FillAsync("eu");
        await page.GetByLabel("Currency").PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("currency: 'eu' is not an ISO 4217 currency code (e.g. USD).");
    }

    [Fact]
    public async Task EachCampaignShowsItsCodesUsesAsTheApiCountsThem()
    {
        const string Period = "?startDate=2026-10-01&endDate=2026-10-31&compare=previous_period";
        var page = await SignInAsync("Ada Admin", "/campaigns" + Period);
        using var api = platform.CreateReportingClient(platform.AdminToken());
        var report = await api.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/reports/campaigns" + Period);
        var campaign = report.GetProperty("items").EnumerateArray().First(c => c.GetProperty("codes").GetArrayLength() > 0);
        var code = campaign.GetProperty("codes")[0];

        var row = page.GetByRole(AriaRole.Table, new() { Name = "Campaigns" }).Locator("tbody tr", new() { HasText = campaign.GetProperty("name").GetString()! });
        await Assertions.Expect(row).ToContainTextAsync($"{code.GetProperty("code").GetString()} {code.GetProperty("usesInPeriod").GetInt64()} ({code.GetProperty("usesToDate").GetInt64()}");
    }

    private Task<IPage> SignInAsync(string user, string path) => _browser.SignInAsync(platform, user, path);
}
