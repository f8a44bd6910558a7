using System.Diagnostics.Metrics;

namespace Search.Api.Searching;

/// <summary>Search's own instruments, on the meter named after the service (exported by ServiceDefaults).</summary>
public sealed class SearchMetrics
{
    private readonly Counter<long> _degraded;
    private readonly Histogram<double> _engineDuration;
    private readonly Counter<long> _indexed;
    private readonly Histogram<double> _reindexDuration;
    private readonly Counter<long> _zeroResults;

    public SearchMetrics(IMeterFactory meters, IHostEnvironment environment)
    {
        var meter = meters.Create(environment.ApplicationName);
        _degraded = meter.CreateCounter<long>("search.degraded_responses", unit: "{response}",
            description: "Searches answered empty because the engine was down, failing, slow or its breaker open.");
        _engineDuration = meter.CreateHistogram<double>("search.engine.duration", unit: "s",
            description: "Time of one call to the search engine, by engine, operation and outcome.");
        _indexed = meter.CreateCounter<long>("search.index.updates", unit: "{product}",
            description: "Products written to or removed from the index, by source (reindex, event) and outcome.");
        _reindexDuration = meter.CreateHistogram<double>("search.reindex.duration", unit: "s",
            description: "Time of a full reindex from the catalog.");
        _zeroResults = meter.CreateCounter<long>("search.zero_results", unit: "{search}",
            description: "Keyword searches that found nothing (the queries themselves: GET /api/search/analytics/zero-results).");
    }

    public void Degraded(string operation, string reason) =>
        _degraded.Add(1, new("operation", operation), new("reason", reason));

    public void EngineCall(string engine, string operation, string outcome, TimeSpan elapsed) =>
        _engineDuration.Record(elapsed.TotalSeconds, new("engine", engine), new("operation", operation), new("outcome", outcome));

    public void Indexed(string source, string outcome, long count) =>
        _indexed.Add(count, new("source", source), new("outcome", outcome));

    public void Reindexed(TimeSpan elapsed) => _reindexDuration.Record(elapsed.TotalSeconds);

    public void ZeroResults() => _zeroResults.Add(1);
}
