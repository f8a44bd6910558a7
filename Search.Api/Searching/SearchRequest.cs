using Microsoft.AspNetCore.Mvc;
using Search.Api.Engine;
using ServiceDefaults.Http;

namespace Search.Api.Searching;

/// <summary>
/// The query string of <c>GET /api/search</c>; numbers are <see cref="QueryValue{T}"/>s, so that every bad value gets a
/// 400 naming it rather than a bare binding failure.
/// </summary>
public sealed record SearchRequest(
    [FromQuery(Name = "q")] string? Q,
    [FromQuery(Name = "category")] string[]? Category,
    [FromQuery(Name = "brand")] string[]? Brand,
    [FromQuery(Name = "minPrice")] QueryValue<decimal>? MinPrice,
    [FromQuery(Name = "maxPrice")] QueryValue<decimal>? MaxPrice,
    [FromQuery(Name = "sort")] string? Sort,
    [FromQuery(Name = "page")] QueryValue<int>? Page,
    [FromQuery(Name = "pageSize")] QueryValue<int>? PageSize)
{
    public static readonly IReadOnlyDictionary<string, SearchSort> Sorts = new Dictionary<string, SearchSort>
    {
        ["relevance"] = SearchSort.Relevance,
        ["price"] = SearchSort.Price,
        ["-price"] = SearchSort.PriceDescending,
        ["name"] = SearchSort.Name,
        ["newest"] = SearchSort.Newest,
    };

    /// <returns>The query, or null with the problems keyed by parameter name.</returns>
    public SearchQuery? Validate(SearchOptions options, Dictionary<string, string[]> errors)
    {
        var text = Text(Q, options, errors);

        var minPrice = MinPrice.Read("minPrice", errors, min: 0m);
        var maxPrice = MaxPrice.Read("maxPrice", errors, min: 0m);
        if (minPrice > maxPrice)
        {
            errors["maxPrice"] = ["maxPrice must not be below minPrice."];
        }

        var sortName = string.IsNullOrWhiteSpace(Sort) ? "relevance" : Sort.Trim();
        if (!Sorts.TryGetValue(sortName, out var sort))
        {
            errors["sort"] = [$"Unknown sort '{sortName}'. Sort by one of: {string.Join(", ", Sorts.Keys)}."];
        }

        // Larger pages are capped rather than refused: the response says which size was served.
        var pageSize = PageSize.Read("pageSize", errors, fallback: options.DefaultPageSize, min: 1) is { } size
            ? Math.Min(size, options.MaxPageSize)
            : (int?)null;
        var lastPage = Math.Max(1, options.MaxResultWindow / Math.Max(1, pageSize ?? options.DefaultPageSize));
        var page = Page.Read("page", errors, fallback: 1, min: 1, max: lastPage);

        return errors.Count > 0 || page is null || pageSize is null
            ? null
            : new SearchQuery(text, Values(Category), Values(Brand), minPrice, maxPrice, sort, page.Value, pageSize.Value, Synonyms: []);
    }

    /// <summary>The words typed, trimmed; a problem under <c>q</c> when they are longer than allowed (search and suggest alike).</summary>
    public static string Text(string? q, SearchOptions options, Dictionary<string, string[]> errors)
    {
        var text = q?.Trim() ?? "";
        if (text.Length > options.MaxQueryLength)
        {
            errors["q"] = [$"q is {text.Length} characters long; at most {options.MaxQueryLength} are allowed."];
        }

        return text;
    }

    private static string[] Values(string[]? values) =>
        values is null ? [] : [.. values.Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal)];
}
