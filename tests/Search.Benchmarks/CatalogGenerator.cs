using Search.Api.Catalog;

namespace Search.Benchmarks;

/// <summary>
/// A Broadleaf-shaped catalog of any size, deterministic from a seed: the Heat Clinic's categories, brands and name
/// vocabulary, names repeating with "No. n" once the combinations run out, a quarter on sale, a tenth also in Clearance,
/// sized variants as additional SKUs.
/// </summary>
internal static class CatalogGenerator
{
    private sealed record Department(string Category, string[] Brands, string[] Names, string[] Kinds, decimal MinPrice, decimal MaxPrice, string[] Variants, double Share);

    private static readonly Department[] Departments =
    [
        new("Hot Sauces", ["Blair's", "Hoboken Hot Sauce", "Dave's Gourmet", "Marie Sharp's", "Cholula", "Heat Clinic"],
            ["Sudden Death", "Green Ghost", "Day of the Dead", "Bull Snort", "Cafe Louisiana", "Hurtin' Jalapeno", "Roasted Garlic", "Scotch Bonnet", "Chipotle Smoke", "Habanero Mango"],
            ["Hot Sauce", "Pepper Sauce", "Chili Oil", "Salsa"], 4.99m, 14.99m, ["5 oz", "12 oz"], 0.42),
        new("Mens", ["Heat Clinic", "Capsaicin Co", "Pepper Works"],
            ["Hawt Like a Habanero", "Scoville Scale", "Fire Starter", "Pepper Crew", "Heat Clinic Logo"],
            ["Shirt", "Hoodie", "Cap", "Tank"], 14.99m, 49.99m, ["S", "M", "L", "XL"], 0.18),
        new("Womens", ["Heat Clinic", "Capsaicin Co", "Pepper Works"],
            ["Hawt Like a Habanero", "Scoville Scale", "Fire Starter", "Pepper Crew", "Heat Clinic Logo"],
            ["Shirt", "Hoodie", "Cap", "Tank"], 14.99m, 49.99m, ["S", "M", "L", "XL"], 0.18),
        new("Home & Kitchen", ["Heat Clinic Home", "Ember & Oak"], ["Pepper", "Ember", "Chili", "Smoky", "Blaze"],
            ["Mug", "Apron", "Grill Set", "Spice Rack", "Cutting Board"], 9.99m, 139.99m, [], 0.20),
        new("Gift Cards", ["Heat Clinic"], ["Heat Clinic"], ["Gift Card"], 25m, 100m, [], 0.02),
    ];

    public static IEnumerable<ProductDocument> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var perDepartment = new Dictionary<string, int>();
        var start = new DateTime(2024, 11, 1);
        for (long id = 1; id <= count; id++)
        {
            var department = Pick(random);
            var index = perDepartment[department.Category] = perDepartment.GetValueOrDefault(department.Category) + 1;
            var combinations = department.Names.Length * department.Kinds.Length;
            var zero = index - 1;
            var name = $"{department.Names[zero % department.Names.Length]} {department.Kinds[zero / department.Names.Length % department.Kinds.Length]}";
            name = zero < combinations ? name : $"{name} No. {zero / combinations + 1}";
            var brand = department.Brands[index % department.Brands.Length];
            var price = Math.Floor(department.MinPrice + (decimal)random.NextDouble() * (department.MaxPrice - department.MinPrice)) + 0.99m;
            decimal? sale = random.NextDouble() < 0.25 ? Math.Round(price * 0.8m, 2) : null;
            string[] categories = random.NextDouble() < 0.1 ? [department.Category, "Clearance"] : [department.Category];
            var sku = $"SKU-{id:D7}";
            var variants = department.Variants.Select((v, i) => $"SKU-{id:D7}-{i + 1} {name} - {v}");
            yield return new ProductDocument(id, sku, name, $"{name} by {brand}", price, sale, categories, brand,
                $"/{Slug(department.Category)}/{Slug(name)}", start.AddMinutes(random.Next(0, 60 * 24 * 730)), [sku, .. variants]);
        }
    }

    private static Department Pick(Random random)
    {
        var roll = random.NextDouble() * Departments.Sum(d => d.Share);
        foreach (var department in Departments)
        {
            roll -= department.Share;
            if (roll <= 0)
            {
                return department;
            }
        }

        return Departments[^1];
    }

    private static string Slug(string text) =>
        new string(text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
}
