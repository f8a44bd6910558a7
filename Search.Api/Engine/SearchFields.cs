namespace Search.Api.Engine;

/// <summary>
/// The index's fields, shared by both engines (and the Solr schema). Text fields are analyzed as English (Solr's
/// <c>text_en</c>, Lucene's EnglishAnalyzer: standard tokens, lower case, stop words, possessives, Porter stemming).
/// </summary>
public static class SearchFields
{
    /// <summary>Product id (numeric: the tie-break of every sort).</summary>
    public const string Id = "product_id";
    public const string Sku = "sku";
    /// <summary>Codes and names of every SKU of the product.</summary>
    public const string Skus = "skus";
    public const string Name = "name";
    /// <summary>The lower-cased name as one token: an exact name match ranks first.</summary>
    public const string NameExact = "name_exact";
    /// <summary>The lower-cased name, for sorting.</summary>
    public const string NameSort = "name_sort";
    /// <summary>The name without stemming or stop words: suggestions match typed prefixes of its words.</summary>
    public const string NameSuggest = "name_suggest";
    public const string Description = "description";
    public const string Brand = "brand";
    public const string BrandText = "brand_text";
    public const string Category = "category";
    public const string CategoryText = "category_text";
    public const string Price = "price";
    public const string SalePrice = "sale_price";
    public const string EffectivePrice = "effective_price";
    public const string Url = "url";
    public const string ActiveFrom = "active_from";

    /// <summary>
    /// Relevance (Solr's edismax <c>qf</c>): every query word must match one of these fields, the best field scoring;
    /// a name match outweighs a brand or category match, which outweighs the description.
    /// </summary>
    public static readonly IReadOnlyList<(string Field, float Boost)> QueryFields =
    [
        (Name, 5f), (BrandText, 2f), (CategoryText, 2f), (Description, 1f), (Skus, 1f),
    ];

    /// <summary>Boost when all query words appear in the name as a phrase (edismax <c>pf</c>).</summary>
    public const float NamePhraseBoost = 10f;

    /// <summary>Boost when the query is the whole name.</summary>
    public const float ExactBoost = 50f;

    public static readonly string[] Highlighted = [Name, Description];

    /// <summary>Lower case, single spaces: the form <see cref="NameExact"/> and <see cref="NameSort"/> hold and compare.</summary>
    public static string NormalizeName(string text) =>
        string.Join(' ', text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
