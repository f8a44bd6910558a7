using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Search.Api.Searching;

namespace Search.Api.Apis;

public static class SearchApi
{
    public const string InvalidParameters = "The search parameters are not valid.";

    public static RouteGroupBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        var search = app.MapGroup("/api/search")
            .WithTags("Search")
            .RequireAuthorization(SearchAuthorization.SearchPolicy)
            .RequireRateLimiting(SearchRateLimiting.Policy)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        search.MapGet("", SearchAsync)
            .WithName("SearchProducts")
            .WithSummary("Products matching keywords, filtered, sorted and paged, with facet counts")
            .WithDescription("Keyword search over name, brand, categories, description and SKUs (every word must match; an exact name ranks first), filtered by category and brand (repeatable, exact names, any of) and effective price range, sorted by relevance, price, -price, name or newest (ties by product id). Facets count categories, brands and price ranges multi-select: each ignores its own filter. When the engine is down or slow the answer is 200 with no items, degraded: true and a message.");

        search.MapGet("/suggest", SuggestAsync)
            .WithName("SuggestProducts")
            .WithSummary("Product names completing the typed words")
            .WithDescription("Names whose words start with the typed words, the last one as a prefix; degraded like search.");

        return search;
    }

    public static async Task<Results<Ok<SearchResponse>, ValidationProblem>> SearchAsync(
        [AsParameters] SearchRequest request, SearchService search, IOptions<SearchOptions> options, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var query = request.Validate(options.Value, errors);
        return query is null
            ? TypedResults.ValidationProblem(errors, title: InvalidParameters)
            : TypedResults.Ok(await search.SearchAsync(query, ct));
    }

    public static async Task<Results<Ok<SuggestResponse>, ValidationProblem>> SuggestAsync(
        string? q, SearchService search, IOptions<SearchOptions> options, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var text = SearchRequest.Text(q, options.Value, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: InvalidParameters);
        }

        return TypedResults.Ok(await search.SuggestAsync(text, ct));
    }
}
