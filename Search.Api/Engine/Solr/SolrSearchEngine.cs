using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Search.Api.Catalog;

namespace Search.Api.Engine.Solr;

/// <summary>
/// Solr 9 over HTTP (no SolrNet is available): searches through the JSON Request API on a client bounded by the search
/// budget with a circuit breaker, writes through the update handler on a client with indexing timeouts. Searches see the
/// live generation of <see cref="SolrIndexState"/> only: a full reindex writes a new generation under a lease, commits,
/// and only then records it as live, so neither a failed reindex nor a commit in between (Solr's 15 s autoCommit, a
/// product change, a core reload, a restart) ever shows part of one.
/// </summary>
public sealed partial class SolrSearchEngine(
    IHttpClientFactory clients, SolrIndexStateStore states, IOptions<SearchOptions> options, TimeProvider time, ILogger<SolrSearchEngine> logger)
    : ISearchEngine
{
    public const string QueryClient = "solr";
    public const string IndexingClient = "solr-indexing";
    private const int BatchSize = 1_000;
    private const int SuggestCandidates = 50;

    /// <summary>How long a replica searches on the live generation it read before reading it again (another may have reindexed).</summary>
    public static readonly TimeSpan StateRefresh = TimeSpan.FromSeconds(5);

    private volatile CachedGeneration? _cached;

    public string Name => "solr";

    /// <summary>
    /// Turns schemaless field creation off (a document arriving before the schema could otherwise create the platform's
    /// fields with the wrong type), then adds the missing fields and replaces any of the wrong type; after a replacement
    /// the index counts as not filled, so that a full reindex follows.
    /// </summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var http = clients.CreateClient(IndexingClient);
        var autoCreate = new JsonObject { ["set-user-property"] = new JsonObject { ["update.autoCreateFields"] = "false" } };
        (await SolrHttp.ReadAsync(await http.PostAsJsonAsync("config", autoCreate, cancellationToken), cancellationToken)).Dispose();
        await ConfigureSpellcheckAsync(http, cancellationToken);

        using var fields = await SolrHttp.ReadAsync(await http.GetAsync("schema/fields?showDefaults=true", cancellationToken), cancellationToken);
        var existing = fields.RootElement.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.Clone());
        if (SolrSchema.Changes(existing, out var replaced) is not { } command)
        {
            return;
        }

        (await SolrHttp.ReadAsync(await http.PostAsJsonAsync("schema", command, cancellationToken), cancellationToken)).Dispose();
        if (replaced.Count > 0)
        {
            LogFieldsReplaced(logger, string.Join(", ", replaced));
            var state = await states.ReadAsync(IndexingClient, cancellationToken);
            await states.WriteAsync(state with { Live = null }, commit: true, cancellationToken);
            _cached = null;
        }
    }

    /// <summary>Adds "did you mean"'s component and handler, or updates them when a previous start added them.</summary>
    private static async Task ConfigureSpellcheckAsync(HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            (await SolrHttp.ReadAsync(await http.PostAsJsonAsync("config", SolrRequests.SpellcheckConfig("add"), cancellationToken), cancellationToken)).Dispose();
        }
        catch (SolrException e) when (e.Code == 400 && e.Message.Contains("already exists", StringComparison.OrdinalIgnoreCase))
        {
            (await SolrHttp.ReadAsync(await http.PostAsJsonAsync("config", SolrRequests.SpellcheckConfig("update"), cancellationToken), cancellationToken)).Dispose();
        }
    }

    public async Task<string?> CorrectAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        if (SuggestWords.Split(query.Text).Count == 0 || await LiveGenerationAsync(cancellationToken) is not { } generation)
        {
            return null;
        }

        using var answer = await SolrHttp.ReadAsync(await clients.CreateClient(QueryClient)
            .PostAsJsonAsync(SolrRequests.SpellHandler.TrimStart('/'), SolrRequests.Spell(query, generation), cancellationToken), cancellationToken);
        return SolrResponses.Collation(answer.RootElement);
    }

    public async Task<bool> IsFilledAsync(CancellationToken cancellationToken) => (await states.ReadAsync(IndexingClient, cancellationToken)).IsFilled;

    public async Task<SearchHits> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        if (await LiveGenerationAsync(cancellationToken) is not { } generation)
        {
            return SearchHits.Empty;
        }

        // Solr gives up a little before the budget so that its partial answer can still arrive in time.
        var timeAllowed = options.Value.Budget * 0.75;
        using var answer = await SelectAsync(SolrRequests.Select(query, timeAllowed, generation), cancellationToken);
        return SolrResponses.Select(answer.RootElement);
    }

    public async Task<IReadOnlyList<string>> SuggestAsync(string prefix, int limit, CancellationToken cancellationToken)
    {
        var words = SuggestWords.Split(prefix);
        if (words.Count == 0 || await LiveGenerationAsync(cancellationToken) is not { } generation)
        {
            return [];
        }

        using var answer = await SelectAsync(SolrRequests.Suggest(words, SuggestCandidates, generation), cancellationToken);
        return SolrResponses.Suggestions(answer.RootElement, limit);
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        if (await LiveGenerationAsync(cancellationToken) is not { } generation)
        {
            return 0;
        }

        using var answer = await SelectAsync(SolrRequests.Count(generation), cancellationToken);
        return SolrResponses.Count(answer.RootElement);
    }

    /// <exception cref="SolrLeaseException">Another replica holds the reindex lease, or took it over meanwhile.</exception>
    public async Task<long> ReplaceAllAsync(IAsyncEnumerable<ProductDocument> products, CancellationToken cancellationToken)
    {
        var generation = Guid.NewGuid().ToString("N");
        var state = await states.AcquireLeaseAsync(generation, cancellationToken);
        try
        {
            await UpdateAsync("update", SolrRequests.DeleteAllBut(state.Live), cancellationToken);
            long count = 0;
            var batch = new JsonArray();
            await foreach (var product in products.WithCancellation(cancellationToken))
            {
                batch.Add(SolrRequests.Document(product, generation));
                count++;
                if (batch.Count == BatchSize)
                {
                    await UpdateAsync("update", batch, cancellationToken);
                    batch = [];
                    state = await states.RenewLeaseAsync(state, cancellationToken);
                }
            }

            if (batch.Count > 0)
            {
                await UpdateAsync("update", batch, cancellationToken);
            }

            // The new generation goes live with the commit that makes it visible: before it, searches keep the old one.
            state = await states.WriteAsync(state with { Live = generation, Building = null, LeaseOwner = null, LeaseUntil = null }, commit: true, cancellationToken);
            _cached = new CachedGeneration(generation, time.GetUtcNow());
            return count;
        }
        catch (Exception) when (state.LeaseOwner == states.Owner)
        {
            await states.ReleaseLeaseAsync();
            throw;
        }
    }

    /// <summary>Written to the live generation and to one a reindex is building, visible within <see cref="SolrRequests.CommitWithin"/>.</summary>
    public async Task UpsertAsync(ProductDocument product, CancellationToken cancellationToken)
    {
        var state = await states.ReadAsync(IndexingClient, cancellationToken);
        var documents = new[] { state.Live, state.Building }.OfType<string>().Distinct().Select(g => (JsonNode)SolrRequests.Document(product, g)).ToArray();
        if (documents.Length > 0)
        {
            // Before the first fill there is nothing to write into: the fill reads the catalog as it is.
            await UpdateAsync(CommitWithinPath, new JsonArray(documents), cancellationToken);
        }
    }

    public Task DeleteAsync(long productId, CancellationToken cancellationToken) =>
        UpdateAsync(CommitWithinPath, SolrRequests.Delete(productId), cancellationToken);

    private static string CommitWithinPath => $"update?commitWithin={(long)SolrRequests.CommitWithin.TotalMilliseconds}";

    /// <summary>The live generation as last read, at most <see cref="StateRefresh"/> old.</summary>
    private async Task<string?> LiveGenerationAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } known && time.GetUtcNow() - known.ReadAt < StateRefresh)
        {
            return known.Generation;
        }

        var state = await states.ReadAsync(QueryClient, cancellationToken);
        _cached = new CachedGeneration(state.Live, time.GetUtcNow());
        return state.Live;
    }

    private async Task<JsonDocument> SelectAsync(JsonObject body, CancellationToken cancellationToken) =>
        await SolrHttp.ReadAsync(await clients.CreateClient(QueryClient).PostAsJsonAsync("select", body, cancellationToken), cancellationToken);

    private async Task UpdateAsync(string path, JsonNode body, CancellationToken cancellationToken) =>
        (await SolrHttp.ReadAsync(await clients.CreateClient(IndexingClient).PostAsJsonAsync(path, body, cancellationToken), cancellationToken)).Dispose();

    private sealed record CachedGeneration(string? Generation, DateTimeOffset ReadAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Solr's schema had fields of the wrong type or cardinality, replaced them, and needs a full reindex: {Fields}")]
    private static partial void LogFieldsReplaced(ILogger logger, string fields);
}
