using Search.Api.Engine;

namespace Search.Api.Searching;

/// <summary>
/// One page of products with the facets to refine by. <see cref="Degraded"/> is true, with a message for the shopper,
/// when the engine could not answer in time: the items are then empty rather than an error. <see cref="Redirect"/> is the
/// merchant's page for this query (Broadleaf's search redirect), which the storefront follows instead of showing results.
/// <see cref="DidYouMean"/> is, when nothing was found, a corrected query that finds products.
/// </summary>
public sealed record SearchResponse(
    IReadOnlyList<SearchHit> Items,
    long TotalCount,
    int Page,
    int PageSize,
    SearchFacets Facets,
    bool Degraded,
    string? Message,
    string? Redirect = null,
    string? DidYouMean = null);

/// <summary>Product names completing what the shopper typed.</summary>
public sealed record SuggestResponse(IReadOnlyList<string> Suggestions, bool Degraded, string? Message);
