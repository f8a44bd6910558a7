using Microsoft.AspNetCore.Http.HttpResults;
using Search.Api.Engine;
using Search.Api.Indexing;

namespace Search.Api.Apis;

/// <summary>The index's state for operators, and a full reindex on demand. Admin role only.</summary>
public static class IndexApi
{
    public static RouteGroupBuilder MapIndexApi(this IEndpointRouteBuilder app)
    {
        var index = app.MapGroup("/api/search/index")
            .WithTags("Index")
            .RequireAuthorization(SearchAuthorization.AdminPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        index.MapGet("", GetStatusAsync)
            .WithName("GetIndexStatus")
            .WithSummary("Engine, product count and the last full reindex");

        index.MapPost("/reindex", StartReindex)
            .WithName("StartReindex")
            .WithSummary("Rebuilds the index from the catalog in the background")
            .WithDescription("202 with the status URL while it runs; searches keep using the previous index until the new one is complete. 409 when a reindex is already running.")
            .ProducesProblem(StatusCodes.Status409Conflict);

        return index;
    }

    public static async Task<Ok<IndexStatus>> GetStatusAsync(ISearchEngine engine, CatalogIndexer indexer, CancellationToken ct) =>
        TypedResults.Ok(new IndexStatus(engine.Name, await engine.CountAsync(ct), indexer.IsReindexing, indexer.LastReindex));

    public static Results<Accepted, ProblemHttpResult> StartReindex(CatalogIndexer indexer, IHostApplicationLifetime lifetime) =>
        indexer.TryStartReindex(lifetime.ApplicationStopping)
            ? TypedResults.Accepted("/api/search/index")
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "A reindex is already running.",
                detail: "Follow its progress at /api/search/index.");
}

public sealed record IndexStatus(string Engine, long Products, bool Reindexing, ReindexRun? LastReindex);
