using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Search.Api.Searching;

namespace Search.Api.Tests;

/// <summary>
/// The whole Search.Api (its Program, configured for Solr) against a stub core that goes away while the API runs: the
/// storefront keeps getting 200s, degraded and empty within a second, and real results again once Solr is back.
/// </summary>
[Collection(Timed.Name)]
public sealed class SearchApiOnSolrTests : IAsyncLifetime
{
    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);
    private StubSolr _solr = null!;
    private SearchApiHost _api = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _solr = await StubSolr.StartAsync();
        _solr.Answer = SearchApiHost.SolrWithProducts;
        _api = new SearchApiHost(_solr.CoreUrl, new Dictionary<string, string> { ["Search:Budget"] = "00:00:00.5" });
        _http = _api.CreateClient();
        // Warm: the first call pays for JIT and connection set-up, which is not what this test measures.
        await SearchUntilAsync(r => !r.Degraded, TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _api.DisposeAsync();
        await _solr.DisposeAsync();
    }

    [Fact]
    public async Task WhileSolrIsAwayTheApiAnswersDegradedWithinASecondAndRecoversByItself()
    {
        var url = _solr.CoreUrl;
        await _solr.DisposeAsync();

        var stopwatch = Stopwatch.StartNew();
        using var response = await _http.GetAsync("/api/search?q=hot+sauce&category=Hot+Sauces");
        var elapsed = stopwatch.Elapsed;
        var down = await response.Content.ReadFromJsonAsync<SearchResponse>(Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"took {elapsed}");
        Assert.True(down!.Degraded);
        Assert.Equal(SearchService.DegradedMessage, down.Message);
        Assert.Equal((0, 0L), (down.Items.Count, down.TotalCount));

        _solr = await StubSolr.StartAsync(url.Port);
        _solr.Answer = SearchApiHost.SolrWithProducts;
        var back = await SearchUntilAsync(r => !r.Degraded, TimeSpan.FromSeconds(15));
        Assert.Equal(7, back.TotalCount);
        Assert.Equal("Sudden Death Hot Sauce", back.Items[0].Name);
    }

    [Fact]
    public async Task ASearchRequestsTraceContinuesIntoItsSolrCall()
    {
        var stopped = new System.Collections.Concurrent.ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Microsoft.AspNetCore" or "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        using var response = await _http.GetAsync("/api/search?q=ghost+pepper");

        Assert.False((await response.Content.ReadFromJsonAsync<SearchResponse>(Json))!.Degraded);
        // The stub core is served from this process too: the API's request is the one on its route.
        var request = Assert.Single(stopped, a => a.Kind == ActivityKind.Server && a.DisplayName == "GET /api/search/");
        Assert.Contains(stopped, a => a.Kind == ActivityKind.Client && a.TraceId == request.TraceId
            && a.GetTagItem("url.full") is string url && url.StartsWith(_solr.CoreUrl + "/select", StringComparison.Ordinal));
    }

    private Task<SearchResponse> SearchUntilAsync(Func<SearchResponse, bool> condition, TimeSpan timeout) =>
        Eventually.ValueAsync(async () => (await _http.GetFromJsonAsync<SearchResponse>("/api/search?q=hot+sauce", Json))!, condition,
            "an answer to hot sauce meeting the condition", timeout);
}
