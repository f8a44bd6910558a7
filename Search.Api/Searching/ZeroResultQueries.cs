using System.Collections.Concurrent;

namespace Search.Api.Searching;

/// <summary>A query that found nothing: how often in the period asked, and when last.</summary>
public sealed record ZeroResultQuery(string Query, long Searches, DateTimeOffset LastSearchedAt);

/// <summary>
/// The searches that found nothing, per hour and query as typed (lowercased, spaces collapsed): what merchants add
/// synonyms, redirects or products for. No shopper identity is kept, only the words. Held in this replica's memory, at
/// most <see cref="MaxQueriesPerHour"/> distinct queries an hour for <see cref="Retention"/>: a restart forgets them, and
/// each replica knows its own searches.
/// </summary>
public sealed class ZeroResultQueries(TimeProvider time)
{
    public const int MaxQueriesPerHour = 10_000;
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    private readonly ConcurrentDictionary<DateTimeOffset, ConcurrentDictionary<string, Tally>> _hours = new();

    public void Record(string text)
    {
        var query = string.Join(' ', text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (query.Length == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var queries = _hours.GetOrAdd(hour, added =>
        {
            foreach (var old in _hours.Keys.Where(h => h < added - Retention))
            {
                _hours.TryRemove(old, out _);
            }

            return new ConcurrentDictionary<string, Tally>();
        });
        // A full hour still counts the queries it has; new ones wait for the next hour.
        if (!queries.TryGetValue(query, out var tally))
        {
            if (queries.Count >= MaxQueriesPerHour)
            {
                return;
            }

            tally = queries.GetOrAdd(query, _ => new Tally());
        }

        tally.Add(now);
    }

    /// <summary>The most frequent ones whose hour overlaps [<paramref name="from"/>, <paramref name="to"/>), most searched first.</summary>
    public IReadOnlyList<ZeroResultQuery> Top(DateTimeOffset from, DateTimeOffset to, int limit) =>
        [.. _hours.Where(h => h.Key + TimeSpan.FromHours(1) > from && h.Key < to)
            .SelectMany(h => h.Value)
            .GroupBy(q => q.Key, q => q.Value)
            .Select(g => new ZeroResultQuery(g.Key, g.Sum(t => t.Searches), g.Max(t => t.LastSearchedAt)))
            .OrderByDescending(q => q.Searches).ThenBy(q => q.Query, StringComparer.Ordinal)
            .Take(limit)];

    private sealed class Tally
    {
        private long _searches;
        private long _lastTicks;

        public long Searches => Interlocked.Read(ref _searches);

        public DateTimeOffset LastSearchedAt => new(Interlocked.Read(ref _lastTicks), TimeSpan.Zero);

        public void Add(DateTimeOffset at)
        {
            Interlocked.Increment(ref _searches);
            Interlocked.Exchange(ref _lastTicks, at.UtcTicks);
        }
    }
}
