using Microsoft.AspNetCore.Http.HttpResults;
using Search.Api.Searching;
using ServiceDefaults.Http;

namespace Search.Api.Apis;

/// <summary>What shoppers looked for and did not find, for merchants. Admin role only.</summary>
public static class SearchAnalyticsApi
{
    public static RouteGroupBuilder MapSearchAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var analytics = app.MapGroup("/api/search/analytics")
            .WithTags("Analytics")
            .RequireAuthorization(SearchAuthorization.AdminPolicy)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        analytics.MapGet("/zero-results", GetZeroResults)
            .WithName("GetZeroResultQueries")
            .WithSummary("The most frequent keyword searches that found nothing in a period")
            .WithDescription("Queries as typed (lowercased), most searched first, over the hours overlapping [from, to) (default: the last 24 hours; kept 7 days). No shopper identity is kept. Each replica counts the searches it served, in memory.");

        return analytics;
    }

    public static Results<Ok<ZeroResultReport>, ValidationProblem> GetZeroResults(
        QueryValue<DateTimeOffset>? from, QueryValue<DateTimeOffset>? to, QueryValue<int>? limit, ZeroResultQueries queries, TimeProvider time)
    {
        var errors = new Dictionary<string, string[]>();
        var until = to.Read("to", errors) ?? time.GetUtcNow();
        var since = from.Read("from", errors) ?? until.AddDays(-1);
        if (errors.Count == 0 && since >= until)
        {
            errors["from"] = ["from must be before to."];
        }

        var count = limit.Read("limit", errors, fallback: 50, min: 1, max: 500);

        return errors.Count > 0 || count is null
            ? TypedResults.ValidationProblem(errors, title: SearchApi.InvalidParameters)
            : TypedResults.Ok(new ZeroResultReport(since, until, queries.Top(since, until, count.Value)));
    }
}

public sealed record ZeroResultReport(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<ZeroResultQuery> Queries);
