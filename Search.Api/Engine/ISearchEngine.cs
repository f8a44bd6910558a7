using Search.Api.Catalog;

namespace Search.Api.Engine;

/// <summary>
/// The product index: Solr where it runs, an embedded Lucene.NET index otherwise (<c>Search:Engine</c>). Both follow the
/// same query semantics (<see cref="SearchFields"/>); failures surface as exceptions for the caller to degrade on.
/// </summary>
public interface ISearchEngine
{
    string Name { get; }

    /// <summary>Prepares the index (Solr: ensures the schema). Idempotent.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    Task<SearchHits> SearchAsync(SearchQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// "Did you mean": the query's words with those the product names do not have replaced by the closest ones they do,
    /// when that query (with the same filters) finds products; null otherwise.
    /// </summary>
    Task<string?> CorrectAsync(SearchQuery query, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> product names whose words start with the typed words, the last one as a prefix.</summary>
    Task<IReadOnlyList<string>> SuggestAsync(string prefix, int limit, CancellationToken cancellationToken);

    /// <summary>Whether a full reindex has completed since the index was created (an interrupted first fill has not).</summary>
    Task<bool> IsFilledAsync(CancellationToken cancellationToken);

    /// <summary>How many products searches currently see.</summary>
    Task<long> CountAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the whole index; searches see the old index until the new one is complete, never a part of it.</summary>
    /// <returns>How many products were indexed.</returns>
    Task<long> ReplaceAllAsync(IAsyncEnumerable<ProductDocument> products, CancellationToken cancellationToken);

    /// <summary>Adds or replaces one product, visible to searches when this returns (Solr: within a second).</summary>
    Task UpsertAsync(ProductDocument product, CancellationToken cancellationToken);

    /// <summary>Removes one product (no-op when absent), visible to searches when this returns (Solr: within a second).</summary>
    Task DeleteAsync(long productId, CancellationToken cancellationToken);
}
