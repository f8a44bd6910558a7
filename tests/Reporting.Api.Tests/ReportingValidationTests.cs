using System.Net;
using System.Text.Json;

namespace Reporting.Api.Tests;

/// <summary>
/// Every kind of bad parameter is a 400 ProblemDetails whose <c>errors</c> name it: decided by the service alone, before
/// any database, so on Reporting.Api in process with no database behind it.
/// </summary>
public sealed class ReportingValidationTests : IAsyncLifetime
{
    private readonly TestApiHost<Program> _host = new("reporting-api",
    [
        // Nothing listens there: a request that passed validation would meet a database outage (503), never a 400.
        new("ConnectionStrings:broadleaf", "Host=127.0.0.1;Port=9;Database=broadleaf;Username=reporting;Timeout=1"),
        new("ConnectionStrings:reporting", "Host=127.0.0.1;Port=9;Database=reporting;Username=reporting;Timeout=1"),
    ]);

    private const string Period = "startDate=2025-01-01&endDate=2025-01-31";

    [Theory]
    [InlineData("orders/status?endDate=2025-01-31", "startDate")]
    [InlineData("orders/status?startDate=2025-13-01&endDate=2025-12-31", "startDate")]
    [InlineData("orders/status?startDate=2025-01-01&endDate=31/12/2025", "endDate")]
    [InlineData("orders/status?startDate=2025-02-01&endDate=2025-01-31", "startDate")]
    [InlineData("orders/status?startDate=2020-01-01&endDate=2025-12-31", "endDate")]
    [InlineData("orders/status?" + Period + "&timezone=Mars/Olympus_Mons", "timezone")]
    [InlineData("orders/status?" + Period + "&timezone=Pacific%20Standard%20Time", "timezone")]
    [InlineData("sales?" + Period + "&granularity=hour", "granularity")]
    [InlineData("sales?" + Period + "&granularity=1", "granularity")]
    [InlineData("sales?" + Period + "&currency=usd", "currency")]
    [InlineData("sales?" + Period + "&compare=maybe", "compare")]
    [InlineData("sales?" + Period + "&cumulative=maybe", "cumulative")]
    [InlineData("sales/top-products?" + Period + "&sort=price", "sort")]
    [InlineData("campaigns?" + Period + "&campaignId=summer", "campaignId")]
    [InlineData("inventory?sort=cost", "sort")]
    [InlineData("inventory?pageSize=501", "pageSize")]
    [InlineData("inventory?pageSize=0", "pageSize")]
    [InlineData("inventory?page=0", "page")]
    [InlineData("inventory?page=first", "page")]
    [InlineData("inventory?categoryId=hot-sauces", "categoryId")]
    [InlineData("inventory/low-stock?threshold=-1", "threshold")]
    public async Task BadParametersAre400ProblemDetailsNamingTheParameter(string report, string parameter)
    {
        using var http = _host.CreateClient(new Dictionary<string, object> { ["roles"] = "admin" });
        using var response = await http.GetAsync($"/api/reports/{report}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(parameter, out var messages), $"no error for {parameter}: {errors}");
        Assert.All(messages.EnumerateArray(), m => Assert.False(string.IsNullOrWhiteSpace(m.GetString())));
        Assert.NotEmpty(messages.EnumerateArray());
    }

    [Fact]
    public async Task AValidRequestWithTheDatabaseAwayIs503NotA400()
    {
        using var http = _host.CreateClient(new Dictionary<string, object> { ["roles"] = "admin" });
        using var response = await http.GetAsync($"/api/reports/orders/status?{Period}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task ATokenWithoutTheAdminRoleIsRefusedBeforeValidation()
    {
        using var http = _host.CreateClient(new Dictionary<string, object> { ["roles"] = "viewer" });
        using var response = await http.GetAsync("/api/reports/orders/status?startDate=not-a-date");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();
}
