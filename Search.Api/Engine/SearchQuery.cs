using System.Text.Json;
using System.Text.Json.Serialization;

namespace Search.Api.Engine;

public enum SearchSort
{
    Relevance,
    Price,
    PriceDescending,
    Name,
    Newest,
}

/// <summary>A validated search: free text (empty for all products), filters, order and page.</summary>
/// <param name="Categories">Products listed in any of these categories (exact names); empty for no filter.</param>
/// <param name="Brands">Products of any of these brands (exact names); empty for no filter.</param>
/// <param name="MinPrice">Inclusive bound on the effective price.</param>
/// <param name="MaxPrice">Inclusive bound on the effective price.</param>
/// <param name="Synonyms">The merchant's synonym groups that a word of <paramref name="Text"/> belongs to: each such word also
/// matches the others of its group (multi-word ones as phrases).</param>
public sealed record SearchQuery(
    string Text,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Brands,
    decimal? MinPrice,
    decimal? MaxPrice,
    SearchSort Sort,
    int Page,
    int PageSize,
    IReadOnlyList<IReadOnlyList<string>> Synonyms)
{
    [JsonIgnore]
    public int Offset => (Page - 1) * PageSize;

    [JsonIgnore]
    public bool HasPriceFilter => MinPrice is not null || MaxPrice is not null;

    [JsonIgnore]
    public bool HasFilters => Categories.Count > 0 || Brands.Count > 0 || HasPriceFilter;

    /// <summary>
    /// Equal for queries asking the same thing (lists compared by content): what a result cache keys on. It is the query
    /// serialized whole, so that a field added to the query is part of the key without anyone remembering it.
    /// </summary>
    [JsonIgnore]
    public string CacheKey => JsonSerializer.Serialize(this, SearchQueryJsonContext.Default.SearchQuery);
}

[JsonSerializable(typeof(SearchQuery))]
internal sealed partial class SearchQueryJsonContext : JsonSerializerContext;
