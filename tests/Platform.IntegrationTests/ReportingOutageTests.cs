using System.Diagnostics;
using System.Net;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.IntegrationTests;

[Collection(PlatformCollection.Name)]
public sealed class ReportingOutageTests(PlatformFixture platform)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task WhileTheDatabaseIsDownReportsAnswer503FastAndTheyRecoverWhenItReturns()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var commands = platform.App.Services.GetRequiredService<ResourceCommandService>();
        using var http = platform.CreateReportingClient(platform.AdminToken());
        const string Report = "/api/reports/orders/status?startDate=2025-01-01&endDate=2025-01-31";
        using (var before = await http.GetAsync(Report, deadline.Token))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var stopped = await commands.ExecuteCommandAsync("postgres", KnownResourceCommands.StopCommand, deadline.Token);
        Assert.True(stopped.Success, stopped.Message);
        await platform.App.ResourceNotifications.WaitForResourceAsync("postgres", KnownResourceStates.TerminalStates, deadline.Token);
        try
        {
            var clock = Stopwatch.StartNew();
            using var during = await http.GetAsync(Report, deadline.Token);
            clock.Stop();

            Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"The 503 took {clock.Elapsed}.");
            Assert.True(during.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
            Assert.Equal("application/problem+json", during.Content.Headers.ContentType?.MediaType);

            // The worker's device API on the same server: a 503 to retry as well, not a 500.
            using var devices = platform.CreateServiceClient("notifications-worker", platform.Tokens().CreateToken("notifications-worker", [], ["devices"], TimeSpan.FromMinutes(5)));
            using var device = await devices.GetAsync("/api/devices?customerId=1", deadline.Token);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, device.StatusCode);
            Assert.True(device.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After from the worker");
        }
        finally
        {
            var started = await commands.ExecuteCommandAsync("postgres", KnownResourceCommands.StartCommand, deadline.Token);
            Assert.True(started.Success, started.Message);
            await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("postgres", deadline.Token);
            // This process's own pools (the other tests') still hold connections the restart closed.
            Npgsql.NpgsqlConnection.ClearAllPools();
        }

        // The pools drop the broken connections one by one as they meet them: poll until reports on the replica and on
        // the rollup store, and the worker's device API (three pools on the restarted server), answer five rounds in a
        // row, so the next test meets no connection the restart broke.
        using var worker = platform.CreateServiceClient("notifications-worker", platform.Tokens().CreateToken("notifications-worker", [], ["devices"], TimeSpan.FromMinutes(5)));
        (HttpClient Client, string Path)[] calls =
        [
            (http, Report), (http, "/api/reports/campaigns?startDate=2025-01-01&endDate=2025-01-31"),
            (http, "/api/reports/sales?startDate=2025-01-01&endDate=2025-01-31"), (worker, "/api/devices?customerId=1"),
        ];
        for (var healthyRounds = 0; healthyRounds < 5;)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
            var statuses = await Task.WhenAll(calls.Select(async c =>
            {
                using var after = await c.Client.GetAsync(c.Path, deadline.Token);
                return after.StatusCode;
            }));
            healthyRounds = statuses.All(s => s == HttpStatusCode.OK) ? healthyRounds + 1 : 0;
        }
    }
}
