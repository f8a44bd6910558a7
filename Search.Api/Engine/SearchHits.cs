namespace Search.Api.Engine;

/// <summary>One page of matching products, how many match in all, and the facets to refine by.</summary>
public sealed record SearchHits(IReadOnlyList<SearchHit> Items, long TotalCount, SearchFacets Facets)
{
    public static readonly SearchHits Empty = new([], 0, SearchFacets.Empty);
}

/// <param name="Highlights">Matched fragments per field (<c>name</c>, <c>description</c>), the terms in <c>&lt;em&gt;</c>.</param>
public sealed record SearchHit(
    long Id,
    string Sku,
    string Name,
    string? Description,
    decimal Price,
    decimal? SalePrice,
    IReadOnlyList<string> Categories,
    string? Brand,
    string? Url,
    IReadOnlyDictionary<string, string> Highlights);

/// <summary>
/// Counts per value among the matches, multi-select: each facet's counts apply every filter but its own, so a shopper
/// who picked one category still sees how many matches the other categories have.
/// </summary>
public sealed record SearchFacets(IReadOnlyList<FacetCount> Category, IReadOnlyList<FacetCount> Brand, IReadOnlyList<PriceRangeCount> Price)
{
    public static readonly SearchFacets Empty = new([], [], []);
}

/// <summary>Facet values are ordered by count, then value.</summary>
public sealed record FacetCount(string Value, long Count);

/// <summary>Matches whose effective price is in [From, To); To is null for the open-ended top range.</summary>
public sealed record PriceRangeCount(decimal From, decimal? To, long Count);
