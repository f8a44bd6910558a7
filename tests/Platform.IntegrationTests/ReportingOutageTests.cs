using System.Diagnostics;
using System.Net;

namespace Platform.IntegrationTests;

[Collection(FaultsCollection.Name)]
public sealed class ReportingOutageTests(FaultsPlatformFixture platform)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task WhileTheDatabaseIsDownReportsAnswer503FastAndTheyRecoverWhenItReturns()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        using var http = platform.CreateReportingClient(platform.AdminToken());
        const string Report = "/api/reports/orders/status?startDate=2025-01-01&endDate=2025-01-31";
        using (var before = await http.GetAsync(Report, deadline.Token))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await platform.WhilePostgresIsStoppedAsync(async () =>
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
        }, deadline.Token);

        // Recovered: the helper returns once every pool answers again.
        using var after = await http.GetAsync(Report, deadline.Token);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
