using System.Net;

namespace Search.Api.Tests;

/// <summary>The per-address search limit: a burst passes, the rest is 429 with Retry-After, and suggestions share the budget.</summary>
public sealed class SearchRateLimitTests : IAsyncLifetime
{
    private StubSolr solr = null!;
    private SearchApiHost api = null!;

    public async Task InitializeAsync()
    {
        solr = await StubSolr.StartAsync();
        solr.Answer = SearchApiHost.SolrWithProducts;
        api = new SearchApiHost(solr.CoreUrl, new Dictionary<string, string>
        {
            ["Search:RateLimitPerSecond"] = "1",
            ["Search:RateLimitBurst"] = "3",
        });
    }

    public async Task DisposeAsync()
    {
        await api.DisposeAsync();
        await solr.DisposeAsync();
    }

    [Fact]
    public async Task BeyondTheBurstSearchesAre429WithRetryAfter()
    {
        using var http = api.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await http.GetAsync("/api/search?q=sauce");
            statuses.Add(response.StatusCode);
        }

        using var limited = await http.GetAsync("/api/search/suggest?q=sau");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single()), 1, 2);
    }
}
