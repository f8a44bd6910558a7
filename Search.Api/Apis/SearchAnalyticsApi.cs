using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Search.Api.Searching;

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

    /// <remarks>Parameters bound as text, as search's are, so that each bad one is named.</remarks>
    public static Results<Ok<ZeroResultReport>, ValidationProblem> GetZeroResults(
        string? from, string? to, string? limit, ZeroResultQueries queries, TimeProvider time)
    {
        var errors = new Dictionary<string, string[]>();
        DateTimeOffset? Time(string name, string? value)
        {
            if (value is null)
            {
                return null;
            }

            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return parsed;
            }

            errors[name] = [$"{name} is an ISO 8601 date and time, such as 2026-12-01T00:00:00Z."];
            return null;
        }

        var until = Time("to", to) ?? time.GetUtcNow();
        var since = Time("from", from) ?? until.AddDays(-1);
        if (errors.Count == 0 && since >= until)
        {
            errors["from"] = ["from must be before to."];
        }

        var count = SearchRequest.Whole("limit", limit, fallback: 50, min: 1, max: 500, errors);

        return errors.Count > 0 || count is null
            ? TypedResults.ValidationProblem(errors, title: SearchApi.InvalidParameters)
            : TypedResults.Ok(new ZeroResultReport(since, until, queries.Top(since, until, count.Value)));
    }
}

public sealed record ZeroResultReport(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<ZeroResultQuery> Queries);
