using System.Globalization;
using Search.Api.Catalog;
using Search.Api.Engine;

namespace Search.Benchmarks;

/// <summary>
/// Shoppers' searches as a long tail: <see cref="Distinct"/> distinct queries made of the catalog's own name words (one or
/// two words, half of them with a category, half with a price range; facets always on), asked with a Zipf distribution
/// (the k-th most popular query asked in proportion to 1/k^s), so that a few are asked often and most rarely.
/// </summary>
internal sealed class QueryLog
{
    public const int Distinct = 10_000;
    public const double Exponent = 1.0;

    private static readonly (decimal? Min, decimal? Max)[] PriceFilters = [(null, 10m), (10m, 25m), (25m, 50m), (50m, null), (5m, 15m)];
    private readonly string[] _queries;
    private readonly double[] _cumulative;

    public QueryLog(IReadOnlyList<ProductDocument> catalog, int seed)
    {
        var random = new Random(seed);
        var words = catalog.SelectMany(p => p.Name.ToLowerInvariant().Split(' '))
            .Where(w => w.Length >= 3 && w.All(char.IsLetter))
            .GroupBy(w => w).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).ToArray();
        var categories = catalog.SelectMany(p => p.Categories).Distinct().Order(StringComparer.Ordinal).ToArray();
        var distinct = new HashSet<string>();
        var ordered = new List<string>(Distinct);
        while (ordered.Count < Distinct)
        {
            var text = random.Next(2) == 0 ? words[random.Next(words.Length)] : $"{words[random.Next(words.Length)]} {words[random.Next(words.Length)]}";
            var query = $"q={Uri.EscapeDataString(text)}";
            if (random.Next(2) == 0)
            {
                query += $"&category={Uri.EscapeDataString(categories[random.Next(categories.Length)])}";
            }

            if (random.Next(2) == 0 && PriceFilters[random.Next(PriceFilters.Length)] is var (min, max))
            {
                query += (min is { } from ? $"&minPrice={from.ToString(CultureInfo.InvariantCulture)}" : "") + (max is { } to ? $"&maxPrice={to.ToString(CultureInfo.InvariantCulture)}" : "");
            }

            if (distinct.Add(query))
            {
                ordered.Add(query);
            }
        }

        // Popularity rank is the order drawn; the weights 1/k^s, as a running sum to pick from.
        _queries = [.. ordered];
        _cumulative = new double[_queries.Length];
        var sum = 0.0;
        for (var k = 0; k < _queries.Length; k++)
        {
            _cumulative[k] = sum += 1 / Math.Pow(k + 1, Exponent);
        }
    }

    public int Count => _queries.Length;

    public string this[int index] => _queries[index];

    /// <summary>The next query's index, drawn by popularity.</summary>
    public int Next(Random random)
    {
        var index = Array.BinarySearch(_cumulative, random.NextDouble() * _cumulative[^1]);
        return index >= 0 ? index : Math.Min(~index, _queries.Length - 1);
    }
}
