namespace Search.Api.Engine;

/// <summary>Which engine answers searches; the AppHost sets it per infrastructure mode.</summary>
public sealed class SearchEngineOptions
{
    public const string SectionName = "Search";

    /// <summary><c>solr</c> (containers, Kubernetes) or <c>lucene</c> (embedded index, where Solr cannot run).</summary>
    public string Engine { get; set; } = "solr";

    /// <summary>Budget for one call to Solr; past it, search answers degraded rather than late.</summary>
    public TimeSpan SolrTimeout { get; set; } = TimeSpan.FromMilliseconds(800);

    public bool UsesSolr => string.Equals(Engine, "solr", StringComparison.OrdinalIgnoreCase);
}
