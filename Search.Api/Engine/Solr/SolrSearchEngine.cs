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
    IHttpClientFactory clients, IOptions<SearchOptions> options, TimeProvider time, ILogger<SolrSearchEngine> logger) : ISearchEngine
{
    public const string QueryClient = "solr";
    public const string IndexingClient = "solr-indexing";
    private const int BatchSize = 1_000;
    private const int SuggestCandidates = 50;

    /// <summary>How long a reindex may go without renewing its lease before another replica may take over.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(2);

    /// <summary>How long a replica searches on the live generation it read before reading it again (another may have reindexed).</summary>
    public static readonly TimeSpan StateRefresh = TimeSpan.FromSeconds(5);

    private static readonly string StatePath = $"get?id={SolrIndexState.DocumentId}&fl={SolrRequests.UniqueKey},{SolrIndexState.Field},_version_";
    private readonly string owner = $"{Environment.MachineName}/{Guid.NewGuid():N}";
    private volatile CachedGeneration? cached;

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
        (await ReadAsync(await http.PostAsJsonAsync("config", autoCreate, cancellationToken), cancellationToken)).Dispose();
        await ConfigureSpellcheckAsync(http, cancellationToken);

        using var fields = await ReadAsync(await http.GetAsync("schema/fields?showDefaults=true", cancellationToken), cancellationToken);
        var existing = fields.RootElement.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.Clone());
        if (SolrSchema.Changes(existing, out var replaced) is not { } command)
        {
            return;
        }

        (await ReadAsync(await http.PostAsJsonAsync("schema", command, cancellationToken), cancellationToken)).Dispose();
        if (replaced.Count > 0)
        {
            LogFieldsReplaced(logger, string.Join(", ", replaced));
            var state = await ReadStateAsync(IndexingClient, cancellationToken);
            await WriteStateAsync(state with { Live = null }, commit: true, cancellationToken);
            cached = null;
        }
    }

    /// <summary>Adds "did you mean"'s component and handler, or updates them when a previous start added them.</summary>
    private static async Task ConfigureSpellcheckAsync(HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            (await ReadAsync(await http.PostAsJsonAsync("config", SolrRequests.SpellcheckConfig("add"), cancellationToken), cancellationToken)).Dispose();
        }
        catch (SolrException e) when (e.Code == 400 && e.Message.Contains("already exists", StringComparison.OrdinalIgnoreCase))
        {
            (await ReadAsync(await http.PostAsJsonAsync("config", SolrRequests.SpellcheckConfig("update"), cancellationToken), cancellationToken)).Dispose();
        }
    }

    public async Task<string?> CorrectAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        if (SuggestWords.Split(query.Text).Count == 0 || await LiveGenerationAsync(cancellationToken) is not { } generation)
        {
            return null;
        }

        using var answer = await ReadAsync(await clients.CreateClient(QueryClient)
            .PostAsJsonAsync(SolrRequests.SpellHandler.TrimStart('/'), SolrRequests.Spell(query, generation), cancellationToken), cancellationToken);
        return SolrResponses.Collation(answer.RootElement);
    }

    public async Task<bool> IsFilledAsync(CancellationToken cancellationToken) => (await ReadStateAsync(IndexingClient, cancellationToken)).IsFilled;

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
        var state = await AcquireLeaseAsync(generation, cancellationToken);
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
                    state = await RenewLeaseAsync(state, cancellationToken);
                }
            }

            if (batch.Count > 0)
            {
                await UpdateAsync("update", batch, cancellationToken);
            }

            // The new generation goes live with the commit that makes it visible: before it, searches keep the old one.
            state = await WriteStateAsync(state with { Live = generation, Building = null, LeaseOwner = null, LeaseUntil = null }, commit: true, cancellationToken);
            cached = new CachedGeneration(generation, time.GetUtcNow());
            return count;
        }
        catch (Exception) when (state.LeaseOwner == owner)
        {
            await ReleaseLeaseAsync();
            throw;
        }
    }

    /// <summary>Written to the live generation and to one a reindex is building, visible within <see cref="SolrRequests.CommitWithin"/>.</summary>
    public async Task UpsertAsync(ProductDocument product, CancellationToken cancellationToken)
    {
        var state = await ReadStateAsync(IndexingClient, cancellationToken);
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
        if (cached is { } known && time.GetUtcNow() - known.ReadAt < StateRefresh)
        {
            return known.Generation;
        }

        var state = await ReadStateAsync(QueryClient, cancellationToken);
        cached = new CachedGeneration(state.Live, time.GetUtcNow());
        return state.Live;
    }

    private async Task<SolrIndexState> AcquireLeaseAsync(string generation, CancellationToken cancellationToken)
    {
        var state = await ReadStateAsync(IndexingClient, cancellationToken);
        if (state.IsLeasedToAnotherThan(owner, time.GetUtcNow()))
        {
            throw new SolrLeaseException($"Another Search.Api replica ({state.LeaseOwner}) is reindexing until {state.LeaseUntil:O}.");
        }

        return await WriteStateAsync(state with { Building = generation, LeaseOwner = owner, LeaseUntil = time.GetUtcNow() + LeaseDuration }, commit: false, cancellationToken);
    }

    /// <summary>Extends the lease once half of it is used.</summary>
    private async Task<SolrIndexState> RenewLeaseAsync(SolrIndexState state, CancellationToken cancellationToken) =>
        state.LeaseUntil - time.GetUtcNow() > LeaseDuration / 2
            ? state
            : await WriteStateAsync(state with { LeaseUntil = time.GetUtcNow() + LeaseDuration }, commit: false, cancellationToken);

    /// <summary>After a failed reindex: the lease goes and the live generation stays (best effort: else the lease expires).</summary>
    private async Task ReleaseLeaseAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(options.Value.IndexingTimeout);
            var state = await ReadStateAsync(IndexingClient, timeout.Token);
            if (state.LeaseOwner == owner)
            {
                await WriteStateAsync(state with { Building = null, LeaseOwner = null, LeaseUntil = null }, commit: false, timeout.Token);
            }
        }
        catch (Exception e) when (e is SolrException or HttpRequestException or OperationCanceledException)
        {
            LogLeaseNotReleased(logger, e.Message, LeaseDuration.TotalSeconds);
        }
    }

    /// <summary>The state as Solr has it now (real-time get: uncommitted writes included).</summary>
    private async Task<SolrIndexState> ReadStateAsync(string client, CancellationToken cancellationToken)
    {
        using var answer = await ReadAsync(await clients.CreateClient(client).GetAsync(StatePath, cancellationToken), cancellationToken);
        return SolrIndexState.Read(answer.RootElement);
    }

    /// <summary>Writes <paramref name="state"/> if nobody wrote since it was read; the state as written, with its new version.</summary>
    /// <exception cref="SolrLeaseException">Someone did (Solr's 409 version conflict).</exception>
    private async Task<SolrIndexState> WriteStateAsync(SolrIndexState state, bool commit, CancellationToken cancellationToken)
    {
        try
        {
            using var answer = await ReadAsync(await clients.CreateClient(IndexingClient)
                .PostAsJsonAsync($"update?versions=true{(commit ? "&commit=true" : "")}", state.ToUpdate(), cancellationToken), cancellationToken);
            return state with { Version = SolrResponses.AddedVersion(answer.RootElement, SolrIndexState.DocumentId) };
        }
        catch (SolrException e) when (e.Code == 409)
        {
            throw new SolrLeaseException($"The index state changed meanwhile (another replica): {e.Message}");
        }
    }

    private async Task<JsonDocument> SelectAsync(JsonObject body, CancellationToken cancellationToken) =>
        await ReadAsync(await clients.CreateClient(QueryClient).PostAsJsonAsync("select", body, cancellationToken), cancellationToken);

    private async Task UpdateAsync(string path, JsonNode body, CancellationToken cancellationToken) =>
        (await ReadAsync(await clients.CreateClient(IndexingClient).PostAsJsonAsync(path, body, cancellationToken), cancellationToken)).Dispose();

    /// <summary>Solr's JSON answer, checked: an error body or a non-JSON answer (a proxy's 502...) throws.</summary>
    private static async Task<JsonDocument> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using (response)
        {
            JsonDocument answer;
            try
            {
                answer = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            }
            catch (JsonException)
            {
                throw new SolrException($"Solr answered {(int)response.StatusCode} without a JSON body.", (int)response.StatusCode);
            }

            try
            {
                SolrResponses.EnsureComplete(answer.RootElement);
                if (!response.IsSuccessStatusCode)
                {
                    throw new SolrException($"Solr answered {(int)response.StatusCode}.", (int)response.StatusCode);
                }

                return answer;
            }
            catch
            {
                answer.Dispose();
                throw;
            }
        }
    }

    private sealed record CachedGeneration(string? Generation, DateTimeOffset ReadAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Solr's schema had fields of the wrong type or cardinality, replaced them, and needs a full reindex: {Fields}")]
    private static partial void LogFieldsReplaced(ILogger logger, string fields);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the reindex lease ({Reason}); it expires within {Seconds} s")]
    private static partial void LogLeaseNotReleased(ILogger logger, string reason, double seconds);
}
