using System.Net;
using System.Text.Json;

namespace Platform.IntegrationTests;

/// <summary>Every kind of bad parameter is a 400 ProblemDetails whose <c>errors</c> name it.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ReportingValidationTests(PlatformFixture platform)
{
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
        using var http = platform.CreateReportingClient(platform.AdminToken());
        using var response = await http.GetAsync($"/api/reports/{report}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(parameter, out var messages), $"no error for {parameter}: {errors}");
        Assert.All(messages.EnumerateArray(), m => Assert.False(string.IsNullOrWhiteSpace(m.GetString())));
        Assert.NotEmpty(messages.EnumerateArray());
    }
}
