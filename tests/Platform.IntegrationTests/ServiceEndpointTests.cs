using System.Net;
using System.Text.Json;
using Aspire.Hosting.Testing;

namespace Platform.IntegrationTests;

[Collection(PlatformCollection.Name)]
public sealed class ServiceEndpointTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("reporting-api", new[] { "self", "PostgreSql", "PostgreSql_reporting", "sales-rollup" })]
    [InlineData("notifications-worker", new[] { "self", "PostgreSql", "kafka", "providers" })]
    [InlineData("search-api", new[] { "self", "PostgreSql", "kafka" })]
    public async Task HealthReportsEachDependencyAsHealthy(string service, string[] checks)
    {
        using var http = platform.App.CreateHttpClient(service, "http");
        using var response = await http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var reported = body.RootElement.GetProperty("checks").EnumerateObject().ToDictionary(c => c.Name, c => c.Value.GetProperty("status").GetString());
        Assert.Equal(checks.Order(), reported.Keys.Order());
        Assert.All(reported.Values, status => Assert.Equal("Healthy", status));
    }

    [Theory]
    [InlineData("reporting-api")]
    [InlineData("notifications-worker")]
    [InlineData("search-api")]
    public async Task AliveAndPrometheusMetricsAnswerWithoutAToken(string service)
    {
        using var http = platform.App.CreateHttpClient(service, "http");

        using var alive = await http.GetAsync("/alive");
        using var metrics = await http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("# TYPE ", await metrics.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ACallersCorrelationIdIsReturnedAndAMissingOneIsMade()
    {
        using var http = platform.App.CreateHttpClient("reporting-api", "http");
        using var given = new HttpRequestMessage(HttpMethod.Get, "/alive") { Headers = { { "X-Correlation-ID", "admin-ui-7f3a" } } };

        using var echoed = await http.SendAsync(given);
        using var made = await http.GetAsync("/alive");

        Assert.Equal("admin-ui-7f3a", Assert.Single(echoed.Headers.GetValues("X-Correlation-ID")));
        Assert.Matches("^[0-9a-f]{32}$", Assert.Single(made.Headers.GetValues("X-Correlation-ID")));
    }
}
