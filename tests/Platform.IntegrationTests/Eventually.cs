using System.Diagnostics;

namespace Platform.IntegrationTests;

/// <summary>Waits, with a deadline, for what a service reports to become what is expected.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <summary>Reads until the rows equal <paramref name="expected"/>; fails with both when the deadline passes first.</summary>
    public static async Task EqualAsync<T>(IReadOnlyList<T> expected, Func<Task<List<T>>> read, string what)
    {
        var waited = Stopwatch.StartNew();
        var actual = await read();
        while (!expected.SequenceEqual(actual))
        {
            if (waited.Elapsed > Bound)
            {
                Assert.Fail($"Not within {Bound.TotalSeconds:F0} s: {what}.\nExpected: {string.Join("; ", expected)}\nActual:   {string.Join("; ", actual)}");
            }

            await Task.Delay(Poll);
            actual = await read();
        }
    }
}
