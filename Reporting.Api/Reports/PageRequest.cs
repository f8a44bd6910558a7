using Microsoft.AspNetCore.Mvc;
using ServiceDefaults.Http;

namespace Reporting.Api.Reports;

/// <summary>The <c>page</c>, <c>pageSize</c> and <c>sort</c> query parameters of list reports.</summary>
public sealed record PageRequest(
    [FromQuery(Name = "page")] QueryValue<int>? Page,
    [FromQuery(Name = "pageSize")] QueryValue<int>? PageSize,
    [FromQuery(Name = "sort")] string? Sort)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>Checks the values against the report's sortable fields; adds problems keyed by parameter name.</summary>
    /// <returns>The page, or null when a value is bad.</returns>
    public ValidPage? Validate(IReadOnlyDictionary<string, string> sortable, string defaultSort, Dictionary<string, string[]> errors)
    {
        var page = Page.Read("page", errors, fallback: 1, min: 1);
        var size = PageSize.Read("pageSize", errors, fallback: DefaultPageSize, min: 1, max: MaxPageSize);
        var sort = string.IsNullOrWhiteSpace(Sort) ? defaultSort : Sort.Trim();
        var descending = sort.StartsWith('-');
        var field = descending ? sort[1..] : sort;
        if (!sortable.TryGetValue(field, out var column))
        {
            errors["sort"] = [$"Unknown sort field '{field}'. Sort by one of: {string.Join(", ", sortable.Keys)} (prefix '-' for descending)."];
        }

        return page is null || size is null || column is null
            ? null
            : new ValidPage(page.Value, size.Value, sort, $"{column} {(descending ? "DESC" : "ASC")}");
    }
}

/// <param name="OrderBy">A whitelisted SQL ORDER BY term: never text from the request.</param>
public sealed record ValidPage(int Page, int PageSize, string Sort, string OrderBy)
{
    public int Offset => (Page - 1) * PageSize;
}

/// <summary>What every list report returns: one page of rows in a stable order, and how many rows there are in all.</summary>
public sealed record ListResponse<T>(IReadOnlyList<T> Items, int Page, int PageSize, long TotalCount, string Sort, DateTimeOffset AsOf);
