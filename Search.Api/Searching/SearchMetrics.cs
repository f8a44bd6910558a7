using System.Diagnostics.Metrics;

namespace Search.Api.Searching;

/// <summary>Search's own instruments, on the meter named after the service (exported by ServiceDefaults).</summary>
public sealed class SearchMetrics
{
    private readonly Counter<long> degraded;
    private readonly Histogram<double> engineDuration;
    private readonly Counter<long> indexed;
    private readonly Histogram<double> reindexDuration;
    private readonly Counter<long> zeroResults;

    public SearchMetrics(IMeterFactory meters, IHostEnvironment environment)
    {
        var meter = meters.Create(environment.ApplicationName);
        degraded = meter.CreateCounter<long>("search.degraded_responses", unit: "{response}",
            description: "Searches answered empty because the engine was down, failing, slow or its breaker open.");
        engineDuration = meter.CreateHistogram<double>("search.engine.duration", unit: "s",
            description: "Time of one call to the search engine, by engine, operation and outcome.");
        indexed = meter.CreateCounter<long>("search.index.updates", unit: "{product}",
            description: "Products written to or removed from the index, by source (reindex, event) and outcome.");
        reindexDuration = meter.CreateHistogram<double>("search.reindex.duration", unit: "s",
            description: "Time of a full reindex from the catalog.");
        zeroResults = meter.CreateCounter<long>("search.zero_results", unit: "{search}",
            description: "Keyword searches that found nothing (the queries themselves: GET /api/search/analytics/zero-results).");
    }

    public void Degraded(string operation, string reason) =>
        degraded.Add(1, new("operation", operation), new("reason", reason));

    public void EngineCall(string engine, string operation, string outcome, TimeSpan elapsed) =>
        engineDuration.Record(elapsed.TotalSeconds, new("engine", engine), new("operation", operation), new("outcome", outcome));

    public void Indexed(string source, string outcome, long count) =>
        indexed.Add(count, new("source", source), new("outcome", outcome));

    public void Reindexed(TimeSpan elapsed) => reindexDuration.Record(elapsed.TotalSeconds);

    public void ZeroResults() => zeroResults.Add(1);
}
