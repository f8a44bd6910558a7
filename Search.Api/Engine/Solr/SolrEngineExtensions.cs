using Microsoft.Extensions.Http.Resilience;

namespace Search.Api.Engine.Solr;

public static class SolrEngineExtensions
{
    /// <summary>
    /// The Solr engine on <c>ConnectionStrings:solr</c> (the core's base URL, e.g. <c>http://solr:8983/solr/products</c>):
    /// a query client whose whole call, retry included, fits the search budget and whose circuit opens when Solr keeps
    /// failing, an indexing client with longer timeouts, and <c>admin/ping</c> as the health check.
    /// </summary>
    public static void AddSolrEngine(this IHostApplicationBuilder builder, SearchOptions options)
    {
        var coreUrl = builder.Configuration.GetConnectionString(SolrSearchEngine.QueryClient)
            ?? throw new InvalidOperationException("Search:Engine is solr but ConnectionStrings:solr is not configured.");
        var baseAddress = new Uri(coreUrl.TrimEnd('/') + "/");

#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers: these clients replace the default handler with their own settings.
        builder.Services.AddHttpClient(SolrSearchEngine.QueryClient, http => http.BaseAddress = baseAddress)
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(resilience =>
            {
                resilience.TotalRequestTimeout.Timeout = options.Budget;
                resilience.AttemptTimeout.Timeout = options.Budget / 2;
                resilience.Retry.MaxRetryAttempts = 1;
                resilience.Retry.Delay = TimeSpan.FromMilliseconds(50);
                resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(10);
                resilience.CircuitBreaker.MinimumThroughput = 5;
                resilience.CircuitBreaker.FailureRatio = 0.5;
                resilience.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(5);
            });

        builder.Services.AddHttpClient(SolrSearchEngine.IndexingClient, http => http.BaseAddress = baseAddress)
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(resilience =>
            {
                resilience.AttemptTimeout.Timeout = options.IndexingTimeout;
                resilience.TotalRequestTimeout.Timeout = options.IndexingTimeout * 3;
                resilience.CircuitBreaker.SamplingDuration = options.IndexingTimeout * 2;
            });
#pragma warning restore EXTEXP0001

        builder.Services.AddSingleton<SolrIndexStateStore>();
        builder.Services.AddSingleton<ISearchEngine, SolrSearchEngine>();
        builder.Services.AddHealthChecks().AddCheck<SolrPingHealthCheck>("solr");
    }
}
