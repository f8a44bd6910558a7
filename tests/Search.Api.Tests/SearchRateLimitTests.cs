using System.Net;

namespace Search.Api.Tests;

/// <summary>The per-address search limit: a burst passes, then 429 with Retry-After; search and suggestions share the budget.</summary>
public sealed class SearchRateLimitTests : IAsyncLifetime
{
    private StubSolr _solr = null!;
    private SearchApiHost _api = null!;

    public async Task InitializeAsync()
    {
        _solr = await StubSolr.StartAsync();
        _solr.Answer = SearchApiHost.SolrWithProducts;
        _api = new SearchApiHost(_solr.CoreUrl, new Dictionary<string, string>
        {
            ["Search:RateLimitPerSecond"] = "1",
            ["Search:RateLimitBurst"] = "3",
        });
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _solr.DisposeAsync();
    }

    [Fact]
    public async Task BeyondTheBurstSearchesAre429WithRetryAfter()
    {
        using var http = _api.CreateClient();

        // One token a second comes back: on a busy machine a few requests may pass after the burst, so go on until refused.
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 20 && limited is null; i++)
        {
            var response = await http.GetAsync(i % 2 == 0 ? "/api/search?q=sauce" : "/api/search/suggest?q=sau");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        using (limited)
        {
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses.Take(3));
            Assert.NotNull(limited);
            Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
            Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single()), 1, 2);
        }
    }
}
