namespace AppHost.Broadleaf;

/// <summary>The generator's only source of randomness: one seeded sequence, so a seed fixes every row.</summary>
internal sealed class SeedRandom(int seed)
{
    private readonly Random _random = new(seed);

    public double Next() => _random.NextDouble();

    public int Between(int min, int maxInclusive) => _random.Next(min, maxInclusive + 1);

    public bool Chance(double probability) => _random.NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>Picks a value by weight; weights need not add up to one.</summary>
    public T Weighted<T>(IReadOnlyList<(T Value, double Weight)> choices)
    {
        var roll = _random.NextDouble() * choices.Sum(c => c.Weight);
        foreach (var (value, weight) in choices)
        {
            roll -= weight;
            if (roll < 0)
            {
                return value;
            }
        }

        return choices[^1].Value;
    }

    public DateTime Between(DateTime start, DateTime end) =>
        start.AddTicks((long)(_random.NextDouble() * (end - start).Ticks));

    public static decimal Money(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
