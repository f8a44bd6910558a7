using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static Search.Api.Tests.Products;

namespace Search.Api.Tests;

/// <summary>
/// Search against a Solr core that goes away, hangs or fails, with Search.Api's own clients and breaker: the shopper gets
/// an empty, degraded answer in under a second, and search comes back by itself. The budget here is 500 ms rather than the
/// default 800 ms, leaving room for a busy test machine (the whole suite runs its projects in parallel).
/// </summary>
[Collection(Timed.Name)]
public sealed class DegradedSearchTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);
    private StubSolr _solr = null!;
    private SolrHost _host = null!;
    private MetricCollector<long> _degraded = null!;

    public async Task InitializeAsync()
    {
        _solr = await StubSolr.StartAsync();
        _host = SolrHost.Create(_solr.CoreUrl, budget: TimeSpan.FromMilliseconds(500));
        _degraded = new MetricCollector<long>(_host.Services.GetRequiredService<IMeterFactory>(),
            _host.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostEnvironment>().ApplicationName, "search.degraded_responses");
        _solr.Answer = _ => (200, "select-facets-highlighting.json", TimeSpan.Zero);
        // Warm: the first call pays for connection set-up and JIT, which is not what these tests measure.
        await SearchUntilAsync(r => !r.Degraded, TimeSpan.FromSeconds(15));
    }

    public async Task DisposeAsync()
    {
        _degraded.Dispose();
        _host.Dispose();
        await _solr.DisposeAsync();
    }

    [Fact]
    public async Task ASlowEngineAnswersDegradedWithinTheBudget()
    {
        _solr.Answer = _ => (200, "select-facets-highlighting.json", TimeSpan.FromSeconds(5));

        var (response, elapsed) = await TimedSearchAsync();

        Assert.True(response.Degraded);
        Assert.Empty(response.Items);
        Assert.Equal(0, response.TotalCount);
        Assert.Equal(Searching.SearchService.DegradedMessage, response.Message);
        Assert.True(elapsed < Bound, $"took {elapsed}");
        Assert.Equal("timeout", _degraded.LastMeasurement?.Tags["reason"]);
    }

    [Fact]
    public async Task AnUnreachableEngineAnswersDegradedAndSearchRecoversWhenItIsBack()
    {
        var url = _solr.CoreUrl;
        await _solr.DisposeAsync();

        var (down, elapsed) = await TimedSearchAsync();
        Assert.True(down.Degraded);
        Assert.True(elapsed < Bound, $"took {elapsed}");
        Assert.Equal("unreachable", _degraded.LastMeasurement?.Tags["reason"]);

        _solr = await StubSolr.StartAsync(url.Port);
        _solr.Answer = _ => (200, "select-facets-highlighting.json", TimeSpan.Zero);
        var back = await SearchUntilAsync(r => !r.Degraded, TimeSpan.FromSeconds(15));
        Assert.Equal(7, back.TotalCount);
    }

    [Fact]
    public async Task AFailingEngineOpensTheBreakerWhichSparesItUntilItRecovers()
    {
        _solr.Answer = _ => (500, "error-undefined-field.json", TimeSpan.Zero);

        // Five calls in the sampling window, all failing: the breaker opens.
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await _host.Search.SearchAsync(Query("sauce"), default)).Degraded);
        }

        var sent = _solr.Requests.Count;
        var (open, elapsed) = await TimedSearchAsync();
        Assert.True(open.Degraded);
        Assert.True(elapsed < TimeSpan.FromMilliseconds(100), $"took {elapsed}");
        Assert.Equal(sent, _solr.Requests.Count);
        Assert.Equal("circuit_open", _degraded.LastMeasurement?.Tags["reason"]);

        _solr.Answer = _ => (200, "select-facets-highlighting.json", TimeSpan.Zero);
        var back = await SearchUntilAsync(r => !r.Degraded, TimeSpan.FromSeconds(15));
        Assert.Equal(2, back.Items.Count);
    }

    private async Task<(Searching.SearchResponse Response, TimeSpan Elapsed)> TimedSearchAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        var response = await _host.Search.SearchAsync(Query("sauce"), default);
        return (response, stopwatch.Elapsed);
    }

    private Task<Searching.SearchResponse> SearchUntilAsync(Func<Searching.SearchResponse, bool> condition, TimeSpan timeout) =>
        Eventually.ValueAsync(() => _host.Search.SearchAsync(Query("sauce"), default), condition, "an answer to sauce meeting the condition", timeout);
}

/// <summary>Tests that measure time run alone, not competing with other test classes for the CPU.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Timed
{
    public const string Name = "timed";
}
