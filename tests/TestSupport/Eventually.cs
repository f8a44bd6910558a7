using System.Diagnostics;
using Xunit;

namespace TestSupport;

/// <summary>
/// Waits for what a system under test reports to become what is expected: polled, with a deadline, and a failure that
/// says what was awaited and for how long. The one way tests wait; never a bare sleep.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultBound = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <returns>When <paramref name="condition"/> first held.</returns>
    public static async Task<DateTimeOffset> TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var bound = within ?? DefaultBound;
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > bound)
            {
                Assert.Fail($"Not within {bound.TotalSeconds:F0} s: {what}.");
            }

            await Task.Delay(Poll);
        }

        return DateTimeOffset.UtcNow;
    }

    /// <returns>When <paramref name="condition"/> first held.</returns>
    public static Task<DateTimeOffset> TrueAsync(Func<bool> condition, string what, TimeSpan? within = null) =>
        TrueAsync(() => Task.FromResult(condition()), what, within);

    /// <summary>Reads until the rows equal <paramref name="expected"/>; fails with both when the deadline passes first.</summary>
    public static async Task EqualAsync<T>(IReadOnlyList<T> expected, Func<Task<List<T>>> read, string what, TimeSpan? within = null)
    {
        List<T> actual = [];
        try
        {
            await TrueAsync(async () => expected.SequenceEqual(actual = await read()), what, within);
        }
        catch (Xunit.Sdk.XunitException e)
        {
            Assert.Fail($"{e.Message}\nExpected: {string.Join("; ", expected)}\nActual:   {string.Join("; ", actual)}");
        }
    }
}
