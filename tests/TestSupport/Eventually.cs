using System.Diagnostics;
using Xunit;

namespace TestSupport;

/// <summary>
/// Waits for what a system under test reports to become what is expected: polled, with a deadline, and a failure that
/// says what was awaited, for how long, and the last value read. The one way tests wait; never a bare sleep.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultBound = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Reads until <paramref name="wanted"/> holds for what was read, and returns that. Bounded by
    /// <paramref name="within"/>, else by <paramref name="deadline"/> when one is given, else by <see cref="DefaultBound"/>.
    /// </summary>
    public static async Task<T> ValueAsync<T>(
        Func<Task<T>> read, Func<T, bool> wanted, string what, TimeSpan? within = null, CancellationToken deadline = default)
    {
        var bound = within ?? (deadline.CanBeCanceled ? Timeout.InfiniteTimeSpan : DefaultBound);
        var waited = Stopwatch.StartNew();
        var value = await read();
        while (!wanted(value))
        {
            if (deadline.IsCancellationRequested || (bound != Timeout.InfiniteTimeSpan && waited.Elapsed > bound))
            {
                Assert.Fail($"Not within {waited.Elapsed.TotalSeconds:F0} s: {what}. The last read: {value}");
            }

            await Task.Delay(Poll, CancellationToken.None);
            value = await read();
        }

        return value;
    }

    /// <returns>When <paramref name="condition"/> first held.</returns>
    public static async Task<DateTimeOffset> TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null, CancellationToken deadline = default)
    {
        await ValueAsync(condition, held => held, what, within, deadline);
        return DateTimeOffset.UtcNow;
    }

    /// <returns>When <paramref name="condition"/> first held.</returns>
    public static Task<DateTimeOffset> TrueAsync(Func<bool> condition, string what, TimeSpan? within = null, CancellationToken deadline = default) =>
        TrueAsync(() => Task.FromResult(condition()), what, within, deadline);

    /// <summary>Reads until the rows equal <paramref name="expected"/>; fails with both when the deadline passes first.</summary>
    public static async Task EqualAsync<T>(IReadOnlyList<T> expected, Func<Task<List<T>>> read, string what, TimeSpan? within = null)
    {
        List<T> actual = [];
        try
        {
            await ValueAsync(async () => actual = await read(), rows => expected.SequenceEqual(rows), what, within);
        }
        catch (Xunit.Sdk.XunitException e)
        {
            Assert.Fail($"{e.Message}\nExpected: {string.Join("; ", expected)}\nActual:   {string.Join("; ", actual)}");
        }
    }
}
