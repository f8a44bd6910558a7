using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Search.Api.Catalog;

namespace Search.Api.Engine.Solr;

/// <summary>
/// Solr 9 over HTTP (no SolrNet is available): searches through the JSON Request API on a client bounded by the search
/// budget with a circuit breaker, writes through the update handler on a client with indexing timeouts. A full reindex
/// adds every document tagged with a new generation without committing, then deletes the other generations and commits
/// once, so searchers switch from the old index to the new one in one step.
/// </summary>
public sealed class SolrSearchEngine(IHttpClientFactory clients, IOptions<SearchOptions> options) : ISearchEngine
{
    public const string QueryClient = "solr";
    public const string IndexingClient = "solr-indexing";
    private const int BatchSize = 1_000;
    private const int SuggestCandidates = 50;

    public string Name => "solr";

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var http = clients.CreateClient(IndexingClient);
        using var fields = await ReadAsync(await http.GetAsync("schema/fields", cancellationToken), cancellationToken);
        var existing = fields.RootElement.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToHashSet();
        if (SolrSchema.AddMissing(existing) is { } command)
        {
            (await ReadAsync(await http.PostAsJsonAsync("schema", command, cancellationToken), cancellationToken)).Dispose();
        }
    }

    public async Task<SearchHits> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        // Solr gives up a little before the budget so that its partial answer can still arrive in time.
        var timeAllowed = options.Value.Budget * 0.75;
        using var answer = await SelectAsync(SolrRequests.Select(query, timeAllowed), cancellationToken);
        return SolrResponses.Select(answer.RootElement);
    }

    public async Task<IReadOnlyList<string>> SuggestAsync(string prefix, int limit, CancellationToken cancellationToken)
    {
        var words = SuggestWords.Split(prefix);
        if (words.Count == 0)
        {
            return [];
        }

        using var answer = await SelectAsync(SolrRequests.Suggest(words, SuggestCandidates), cancellationToken);
        return SolrResponses.Suggestions(answer.RootElement, limit);
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        using var answer = await SelectAsync(SolrRequests.Count(), cancellationToken);
        return SolrResponses.Count(answer.RootElement);
    }

    public async Task<long> ReplaceAllAsync(IAsyncEnumerable<ProductDocument> products, CancellationToken cancellationToken)
    {
        var generation = Guid.NewGuid().ToString("N");
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
            }
        }

        if (batch.Count > 0)
        {
            await UpdateAsync("update", batch, cancellationToken);
        }

        await UpdateAsync("update", SolrRequests.DeleteOtherGenerations(generation), cancellationToken);
        return count;
    }

    public Task UpsertAsync(ProductDocument product, CancellationToken cancellationToken) =>
        UpdateAsync("update?commit=true", new JsonArray(SolrRequests.Document(product, generation: null)), cancellationToken);

    public Task DeleteAsync(long productId, CancellationToken cancellationToken) =>
        UpdateAsync("update?commit=true", SolrRequests.Delete(productId), cancellationToken);

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
}
