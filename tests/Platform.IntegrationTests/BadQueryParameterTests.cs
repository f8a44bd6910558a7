using System.Net;
using System.Text.Json;
using AppHost.Security;

namespace Platform.IntegrationTests;

/// <summary>
/// Numbers and times in the query string of every API are read one way (<c>ServiceDefaults.Http.QueryValue</c>): each bad
/// value is a 400 ProblemDetails naming it, all of a request's bad values at once, never a bare binding failure.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class BadQueryParameterTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("reporting-api", "/api/reports/inventory?page=two&days=30.5&categoryId=sauces", "categoryId,days,page")]
    [InlineData("reporting-api", "/api/reports/campaigns?startDate=2025-01-01&endDate=2025-01-31&campaignId=summer", "campaignId")]
    [InlineData("search-api", "/api/search?q=sauce&minPrice=1,5&page=two", "minPrice,page")]
    [InlineData("search-api", "/api/search/analytics/zero-results?from=yesterday&limit=many", "from,limit")]
    [InlineData("notifications-worker", "/api/dead-letters?from=yesterday&to=soon", "from,to")]
    [InlineData("notifications-worker", "/api/devices?customerId=me", "customerId")]
    public async Task EveryBadNumberOrTimeIsNamed(string service, string path, string parameters)
    {
        // The platform's tools client has the admin role and, asked for them, the storefront's scopes.
        using var http = platform.CreateServiceClient(service, await platform.ClientTokenAsync(DevelopmentIdentity.Tools, [service, "search", "devices"]));

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(parameters.Split(','), problem.RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
    }
}
