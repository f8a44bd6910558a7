using System.Net;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.IntegrationTests;

/// <summary>PostgreSQL stopped from the AppHost, as an operator's dashboard command would, and started again.</summary>
internal static class PostgresOutage
{
    /// <summary>
    /// Stops <c>postgres</c>, runs <paramref name="whileStopped"/>, starts it again and returns once the services' pools
    /// have dropped the connections the restart broke, so that the next test meets none of them.
    /// </summary>
    public static async Task WhilePostgresIsStoppedAsync(this PlatformFixture platform, Func<Task> whileStopped, CancellationToken deadline)
    {
        var commands = platform.App.Services.GetRequiredService<ResourceCommandService>();
        var stopped = await commands.ExecuteCommandAsync("postgres", KnownResourceCommands.StopCommand, deadline);
        Assert.True(stopped.Success, stopped.Message);
        await platform.App.ResourceNotifications.WaitForResourceAsync("postgres", KnownResourceStates.TerminalStates, deadline);
        try
        {
            await whileStopped();
        }
        finally
        {
            var started = await commands.ExecuteCommandAsync("postgres", KnownResourceCommands.StartCommand, deadline);
            Assert.True(started.Success, started.Message);
            await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("postgres", deadline);
            // This process's own pools (the other tests') still hold connections the restart closed.
            Npgsql.NpgsqlConnection.ClearAllPools();
        }

        await UntilThePoolsAreHealthyAsync(platform, deadline);
    }

    /// <summary>
    /// The pools drop broken connections one by one as they meet them: polls until reports on the replica and on the
    /// rollup store, and the worker's device API (three pools on the restarted server), answer five rounds in a row.
    /// </summary>
    private static async Task UntilThePoolsAreHealthyAsync(PlatformFixture platform, CancellationToken deadline)
    {
        using var reports = platform.CreateReportingClient(platform.AdminToken());
        using var worker = platform.CreateServiceClient("notifications-worker", platform.Tokens().CreateToken("notifications-worker", [], ["devices"], TimeSpan.FromMinutes(5)));
        (HttpClient Client, string Path)[] calls =
        [
            (reports, "/api/reports/orders/status?startDate=2025-01-01&endDate=2025-01-31"),
            (reports, "/api/reports/campaigns?startDate=2025-01-01&endDate=2025-01-31"),
            (reports, "/api/reports/sales?startDate=2025-01-01&endDate=2025-01-31"),
            (worker, "/api/devices?customerId=1"),
        ];
        var healthyRounds = 0;
        await Eventually.ValueAsync(async () =>
        {
            var statuses = await Task.WhenAll(calls.Select(async c =>
            {
                using var after = await c.Client.GetAsync(c.Path, deadline);
                return after.StatusCode;
            }));
            return healthyRounds = statuses.All(s => s == HttpStatusCode.OK) ? healthyRounds + 1 : 0;
        }, rounds => rounds >= 5, "five rounds in a row of every pool answering", deadline: deadline);
    }
}
