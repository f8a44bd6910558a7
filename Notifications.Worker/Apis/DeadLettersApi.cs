using Microsoft.AspNetCore.Http.HttpResults;
using Notifications.Worker.Delivery;
using ServiceDefaults.Http;

namespace Notifications.Worker.Apis;

/// <summary>What replay re-drives: one event's dead letters (<see cref="EventId"/>), or those that last failed in [From, To).</summary>
public sealed record ReplayRequest(string? EventId, DateTimeOffset? From, DateTimeOffset? To);

public sealed record ReplayResponse(int Replayed, IReadOnlyList<DeadLetterEntry> Items);

/// <summary>Operators' view of the dead-letter topic, and replay once the cause is fixed. Admin role only.</summary>
public static class DeadLettersApi
{
    public const string AdminPolicy = "NotificationsAdmin";

    public static RouteGroupBuilder MapDeadLettersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/dead-letters")
            .WithTags("Dead letters")
            .RequireAuthorization(AdminPolicy)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/", ListAsync)
            .WithName("ListDeadLetters")
            .WithSummary("Dead letters of one event, or that last failed in a time range: reason, channel, attempts, origin (never the payload).");

        api.MapPost("/replay", ReplayAsync)
            .WithName("ReplayDeadLetters")
            .WithSummary("Puts the matching dead letters back on their topics; only the failed channel is sent again, and only if it was not sent since.");

        return api;
    }

    public static async Task<Results<Ok<List<DeadLetterEntry>>, ValidationProblem>> ListAsync(
        string? eventId, QueryValue<DateTimeOffset>? from, QueryValue<DateTimeOffset>? to, DeadLetterArchive archive, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var (since, until) = (from.Read("from", errors), to.Read("to", errors));
        return (errors.Count > 0 ? errors : Validate(eventId, since, until)) is { } problems
            ? TypedResults.ValidationProblem(problems)
            : TypedResults.Ok(await archive.ListAsync(new DeadLetterFilter(eventId, since, until), ct));
    }

    public static async Task<Results<Ok<ReplayResponse>, ValidationProblem>> ReplayAsync(ReplayRequest request, DeadLetterArchive archive, CancellationToken ct)
    {
        if (Validate(request.EventId, request.From, request.To) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (request.EventId is null && request.From is null && request.To is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["eventId"] = ["Name an eventId or a from/to range: replaying everything is not a click away."] });
        }

        var replayed = await archive.ReplayAsync(new DeadLetterFilter(request.EventId, request.From, request.To), ct);
        return TypedResults.Ok(new ReplayResponse(replayed.Count, replayed));
    }

    private static Dictionary<string, string[]>? Validate(string? eventId, DateTimeOffset? from, DateTimeOffset? to) =>
        from > to ? new() { ["from"] = ["from must not be after to."] }
        : eventId is { Length: > 200 } ? new() { ["eventId"] = ["eventId is at most 200 characters."] }
        : null;
}
