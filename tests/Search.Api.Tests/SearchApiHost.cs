namespace Search.Api.Tests;

/// <summary>The whole Search.Api (its Program) on a Solr core, trusting a key of its own, and clients with tokens it signs.</summary>
internal sealed class SearchApiHost(Uri solrCore, IReadOnlyDictionary<string, string>? settings = null) : IAsyncDisposable
{
    private readonly TestApiHost<Program> _host = new("search-api",
    [
        new("ConnectionStrings:solr", solrCore.ToString()),
        // Nothing listens there: the indexer's catalog and events are not what these tests are about.
        new("ConnectionStrings:broadleaf", "Host=127.0.0.1;Port=9;Database=broadleaf;Username=search;Timeout=1"),
        new("ConnectionStrings:kafka", "127.0.0.1:9"),
        new("Search:Engine", "solr"),
        .. settings ?? new Dictionary<string, string>(),
    ]);

    /// <summary>A client whose token grants <paramref name="scope"/>.</summary>
    public HttpClient CreateClient(string scope = "search") => _host.CreateClient(new Dictionary<string, object> { ["scope"] = scope });

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    /// <summary>How a stub core with products answers: its schema, and a page of results for any search.</summary>
    public static (int, string, TimeSpan) SolrWithProducts(StubSolr.Request request) =>
        (200, request.PathAndQuery.EndsWith("/schema/fields", StringComparison.Ordinal) ? "schema-fields-default.json" : "select-facets-highlighting.json", TimeSpan.Zero);
}
