using Microsoft.Playwright;
using static Platform.IntegrationTests.CommerceEventsClient;

namespace Platform.IntegrationTests;

/// <summary>The admin console while something is broken: on the destructive tests' own AppHost.</summary>
[Collection(FaultsCollection.Name)]
public sealed class AdminUiFaultTests(FaultsPlatformFixture platform) : IAsyncLifetime
{
    private AdminConsoleBrowser _browser = null!;

    public async Task InitializeAsync() => _browser = await AdminConsoleBrowser.LaunchAsync();

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task WhilePostgresIsStoppedAPageSaysReportsAreRetryingAndShowsTheReportWhenItReturns()
    {
        var page = await SignInAsync("Ada Admin", "/orders?startDate=2026-10-01&endDate=2026-10-31");
        var statuses = page.GetByRole(AriaRole.Table, new() { Name = "Order status" });
        await Assertions.Expect(statuses.Locator("tbody tr").First).ToBeVisibleAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        await platform.WhilePostgresIsStoppedAsync(async () =>
        {
            // A period not asked before, so that no earlier answer stands in for it.
            await page.GetByLabel("From").FillAsync("2026-09-01");
            await page.GetByLabel("From").PressAsync("Enter");
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Reports are catching up, retrying…");
        }, deadline.Token);

        // The page retries after each answer's Retry-After, by itself, and shows the report once the database is back.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Order status 2026-09-01 – 2026-10-31" })).ToBeVisibleAsync();
        await Assertions.Expect(statuses.Locator("tbody tr").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AnEmailDeadLetteredByAProviderFaultIsReplayedFromTheOperationsPageAndDeliveredOnce()
    {
        var customer = NewCustomer("en", withPhone: false);
        var email = customer["email"]!.GetValue<string>();
        var order = Random.Shared.NextInt64(90_000_000, 99_000_000);
        var eventId = Guid.NewGuid().ToString();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        platform.Aws().FailRecipient("ses", email, 503);
        try
        {
            await platform.PublishAsync(OrdersTopic, $"{order}",
                Envelope(eventId, Created, OrderCreated(order, customer, 12m)));
            await platform.WaitForDeadLetterAsync(l => l.Header("dlq-event-id") == eventId, deadline.Token);
        }
        finally
        {
            platform.Aws().ClearFaults();
        }

        var page = await SignInAsync("Ada Admin", "/operations");
        var letter = page.GetByRole(AriaRole.Table, new() { Name = "Dead letters" }).Locator("tr", new() { HasText = eventId });
        await Assertions.Expect(letter).ToContainTextAsync("retries-exhausted");
        await Assertions.Expect(letter).ToContainTextAsync("email");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Replay {eventId}" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Replayed 1.");

        await platform.Aws().WaitForMessagesAsync(email, 1, deadline.Token);
        // A marker behind the replay on the order's partition: once it is out, the replay was processed in full.
        await platform.PublishAsync(OrdersTopic, $"{order}",
            Envelope(Guid.NewGuid().ToString(), Shipped, OrderShipped(order, customer, $"1Z{order}")));
        await platform.Aws().WaitForMessagesAsync(email, 2, deadline.Token);
        Assert.Single(platform.Aws().Messages, m => m.To.Contains(email) && m.Subject!.Contains("confirmed", StringComparison.Ordinal));
    }

    private Task<IPage> SignInAsync(string user, string path) => _browser.SignInAsync(platform, user, path);
}
