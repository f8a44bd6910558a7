using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Search.Api.Engine;

namespace Search.Api.Searching;

/// <summary>
/// The query string of <c>GET /api/search</c>, bound as text so that every bad value gets a 400 naming it rather than a
/// bare binding failure.
/// </summary>
public sealed record SearchRequest(
    [FromQuery(Name = "q")] string? Q,
    [FromQuery(Name = "category")] string[]? Category,
    [FromQuery(Name = "brand")] string[]? Brand,
    [FromQuery(Name = "minPrice")] string? MinPrice,
    [FromQuery(Name = "maxPrice")] string? MaxPrice,
    [FromQuery(Name = "sort")] string? Sort,
    [FromQuery(Name = "page")] string? Page,
    [FromQuery(Name = "pageSize")] string? PageSize)
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

        var minPrice = Price("minPrice", MinPrice, errors);
        var maxPrice = Price("maxPrice", MaxPrice, errors);
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
        var pageSize = Whole("pageSize", PageSize, options.DefaultPageSize, 1, int.MaxValue, errors) is { } size
            ? Math.Min(size, options.MaxPageSize)
            : (int?)null;
        var lastPage = Math.Max(1, options.MaxResultWindow / Math.Max(1, pageSize ?? options.DefaultPageSize));
        var page = Whole("page", Page, 1, 1, lastPage, errors);

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

    private static decimal? Price(string name, string? value, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!decimal.TryParse(value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var price))
        {
            errors[name] = [$"'{value}' is not a price; use a number such as 19.99."];
            return null;
        }

        if (price < 0)
        {
            errors[name] = [$"{name} must not be negative."];
            return null;
        }

        return price;
    }

    /// <summary>A whole-number parameter in [<paramref name="min"/>, <paramref name="max"/>], <paramref name="fallback"/> when absent; a problem under its name otherwise.</summary>
    public static int? Whole(string name, string? value, int fallback, int min, int max, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            errors[name] = [max == int.MaxValue ? $"{name} must be a whole number from {min}." : $"{name} must be a whole number from {min} to {max}."];
            return null;
        }

        return number;
    }
}
