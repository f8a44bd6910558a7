using Microsoft.Extensions.Time.Testing;
using Search.Api.Searching;

namespace Search.Api.Tests;

public sealed class ZeroResultQueriesTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero));

    [Fact]
    public void QueriesAreCountedAsTypedMostSearchedFirstWithinThePeriodsHours()
    {
        var queries = new ZeroResultQueries(_clock);
        queries.Record("Scorpion  Sauce");
        queries.Record("scorpion sauce ");
        queries.Record("ghost chili");
        _clock.Advance(TimeSpan.FromHours(2));
        queries.Record("ghost chili");
        queries.Record("ghost chili");

        var all = queries.Top(_clock.GetUtcNow().AddDays(-1), _clock.GetUtcNow().AddMinutes(1), 10);
        var lastHour = queries.Top(_clock.GetUtcNow().AddMinutes(-10), _clock.GetUtcNow().AddMinutes(1), 10);

        Assert.Equal([("ghost chili", 3L), ("scorpion sauce", 2L)], all.Select(q => (q.Query, q.Searches)));
        Assert.Equal(_clock.GetUtcNow(), all[0].LastSearchedAt);
        Assert.Equal([("ghost chili", 2L)], lastHour.Select(q => (q.Query, q.Searches)));
        Assert.Single(queries.Top(_clock.GetUtcNow().AddDays(-1), _clock.GetUtcNow(), 1));
    }

    [Fact]
    public void OldHoursAreForgottenAndAnHourHoldsABoundedNumberOfQueries()
    {
        var queries = new ZeroResultQueries(_clock);
        queries.Record("week old");
        _clock.Advance(ZeroResultQueries.Retention + TimeSpan.FromHours(2));
        for (var i = 0; i <= ZeroResultQueries.MaxQueriesPerHour; i++)
        {
            queries.Record($"query {i}");
        }

        queries.Record("query 0");

        var kept = queries.Top(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, 500);
        Assert.DoesNotContain(kept, q => q.Query == "week old");
        Assert.Equal(("query 0", 2L), (kept[0].Query, kept[0].Searches));
        Assert.Equal(ZeroResultQueries.MaxQueriesPerHour, queries.Top(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, int.MaxValue).Count);
    }
}
