namespace Search.Api.Engine;

/// <summary>The price facet's ranges, the same for every engine: [0, 10), [10, 25), [25, 50), [50, 100), [100, ∞).</summary>
public static class PriceRanges
{
    public static readonly IReadOnlyList<(decimal From, decimal? To)> All =
    [
        (0m, 10m), (10m, 25m), (25m, 50m), (50m, 100m), (100m, null),
    ];

    private static readonly double[] Starts = [.. All.Select(r => (double)r.From)];

    /// <returns>The index of the range holding <paramref name="price"/>, or -1 for a negative price.</returns>
    public static int IndexOf(double price)
    {
        for (var i = Starts.Length - 1; i >= 0; i--)
        {
            if (price >= Starts[i])
            {
                return i;
            }
        }

        return -1;
    }
}
