using System.Diagnostics;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Search.Api.Engine;
using Search.Api.Merchandising;

namespace Search.Api.Searching;

/// <summary>
/// Asks the engine within the search budget. When it is unreachable, failing, slower than the budget or its circuit is
/// open, the shopper gets an empty, degraded answer with a friendly message (and operators a warning and a metric);
/// the next search tries the engine again, so search comes back by itself.
/// </summary>
public sealed partial class SearchService(
    ISearchEngine engine, MerchandisingStore merchandising, ZeroResultQueries zeroResults, IOptions<SearchOptions> options, SearchMetrics metrics,
    TimeProvider time, ILogger<SearchService> logger)
{
    public const string DegradedMessage = "Search is temporarily unavailable. Please try again in a moment, or browse our categories.";

    /// <summary>The merchant's redirect for the query when there is one (no search then); else a search, with its synonyms.</summary>
    public async Task<SearchResponse> SearchAsync(SearchQuery query, CancellationToken requestAborted)
    {
        var rules = merchandising.Current;
        if (rules.RedirectFor(query.Text, time.GetUtcNow()) is { } redirect)
        {
            return new SearchResponse([], 0, query.Page, query.PageSize, SearchFacets.Empty, Degraded: false, Message: null, redirect.Url);
        }

        query = query with { Synonyms = rules.SynonymsFor(query.Text) };
        var (hits, degraded) = await CallAsync("search", ct => engine.SearchAsync(query, ct), requestAborted);
        hits ??= SearchHits.Empty;
        string? didYouMean = null;
        if (!degraded && hits.TotalCount == 0 && !string.IsNullOrWhiteSpace(query.Text))
        {
            zeroResults.Record(query.Text);
            metrics.ZeroResults();
            // Its own budget; when it cannot answer, the shopper simply gets no suggestion.
            var (correction, _) = await CallAsync("correct", async ct => new Correction(await engine.CorrectAsync(query, ct)), requestAborted);
            didYouMean = correction?.Text;
        }

        return new SearchResponse(hits.Items, hits.TotalCount, query.Page, query.PageSize, hits.Facets, degraded, degraded ? DegradedMessage : null,
            DidYouMean: didYouMean);
    }

    public async Task<SuggestResponse> SuggestAsync(string prefix, CancellationToken requestAborted)
    {
        var (suggestions, degraded) = await CallAsync("suggest", ct => engine.SuggestAsync(prefix, options.Value.MaxSuggestions, ct), requestAborted);
        return new SuggestResponse(suggestions ?? [], degraded, degraded ? DegradedMessage : null);
    }

    private async Task<(T? Result, bool Degraded)> CallAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken requestAborted)
        where T : class
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        budget.CancelAfter(options.Value.Budget);
        var elapsed = Stopwatch.StartNew();
        try
        {
            var result = await call(budget.Token).WaitAsync(budget.Token);
            metrics.EngineCall(engine.Name, operation, "success", elapsed.Elapsed);
            return (result, false);
        }
        catch (Exception e) when (!requestAborted.IsCancellationRequested)
        {
            var reason = Reason(e);
            metrics.EngineCall(engine.Name, operation, reason, elapsed.Elapsed);
            metrics.Degraded(operation, reason);
            LogDegraded(logger, operation, engine.Name, reason, e.GetType().Name, e.Message, elapsed.ElapsedMilliseconds);
            return (null, true);
        }
    }

    /// <summary>A class for <see cref="CallAsync{T}"/> to carry: the corrected text, or none.</summary>
    private sealed record Correction(string? Text);

    private static string Reason(Exception e) => e switch
    {
        BrokenCircuitException => "circuit_open",
        OperationCanceledException or TimeoutRejectedException => "timeout",
        HttpRequestException { StatusCode: null } => "unreachable",
        _ => "error",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Degraded {Operation}: {Engine} {Reason} ({ExceptionType}: {Detail}) after {ElapsedMs} ms")]
    private static partial void LogDegraded(ILogger logger, string operation, string engine, string reason, string exceptionType, string detail, long elapsedMs);
}
