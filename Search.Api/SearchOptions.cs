using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Search.Api;

/// <summary>Search settings (configuration section <c>Search</c>); the AppHost sets <see cref="Engine"/> per infrastructure mode.</summary>
public sealed class SearchOptions : IValidatableObject
{
    public const string SectionName = "Search";

    /// <summary><c>solr</c> (containers, Kubernetes) or <c>lucene</c> (embedded index, where Solr cannot run).</summary>
    public string Engine { get; set; } = "solr";

    /// <summary>
    /// How long a search may take before the shopper gets the degraded answer instead; also each Solr call's total timeout.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan Budget { get; set; } = TimeSpan.FromMilliseconds(800);

    /// <summary>Timeout of one indexing call to Solr (a batch of documents, a commit, a schema change).</summary>
    public TimeSpan IndexingTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The embedded index's directory; a fresh one per process when empty.</summary>
    public string? LuceneIndexPath { get; set; }

    /// <summary>
    /// Answers the embedded engine keeps for repeated searches (as Solr's query result cache does), dropped whenever the
    /// index changes; 0 turns the cache off.
    /// </summary>
    [Range(0, 1_000_000)]
    public int LuceneResultCacheEntries { get; set; } = 2_000;

    /// <summary>
    /// Words (each over every query field) whose matching products the embedded engine keeps as one bit per product
    /// (12.5 KB per 100,000 products), so that a search of several words visits only the products having all of them,
    /// as Solr's filter cache keeps filters; 0 turns it off.
    /// </summary>
    [Range(0, 100_000)]
    public int LuceneWordSetEntries { get; set; } = 1_000;

    /// <summary>How often Broadleaf's search synonyms and redirects are read again: a change applies within this.</summary>
    public TimeSpan MerchandisingRefresh { get; set; } = TimeSpan.FromSeconds(10);

    [Range(1, 10_000)]
    public int DefaultPageSize { get; set; } = 24;

    [Range(1, 10_000)]
    public int MaxPageSize { get; set; } = 100;

    /// <summary>No page may end beyond this many results (deep paging costs the engine more than it serves a shopper).</summary>
    public int MaxResultWindow { get; set; } = 10_000;

    public int MaxQueryLength { get; set; } = 200;

    public int MaxSuggestions { get; set; } = 10;

    /// <summary>
    /// Searches one client address may make per second, sustained, and in a burst; beyond them the answer is 429 with
    /// Retry-After. Behind a gateway, enable forwarded headers (<c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c>) so that
    /// the address is the shopper's and not the gateway's.
    /// </summary>
    public int RateLimitPerSecond { get; set; } = 20;

    public int RateLimitBurst { get; set; } = 40;

    public string ScopeClaim { get; set; } = "scope";

    public string Scope { get; set; } = "search";

    public string RoleClaim { get; set; } = "roles";

    public string AdminRole { get; set; } = "admin";

    public bool UsesSolr => string.Equals(Engine, "solr", StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DefaultPageSize > MaxPageSize)
        {
            yield return new ValidationResult("Search:DefaultPageSize must be at most Search:MaxPageSize.", [nameof(DefaultPageSize)]);
        }

        // A cache's admission policy needs room for at least three entries.
        foreach (var (name, entries) in new[] { (nameof(LuceneResultCacheEntries), LuceneResultCacheEntries), (nameof(LuceneWordSetEntries), LuceneWordSetEntries) })
        {
            if (entries is 1 or 2)
            {
                yield return new ValidationResult($"Search:{name} must be 0 (off) or at least 3.", [name]);
            }
        }
    }
}

/// <summary>Checks <see cref="SearchOptions"/> at start (generated from its annotations).</summary>
[OptionsValidator]
public sealed partial class SearchOptionsValidator : IValidateOptions<SearchOptions>;
