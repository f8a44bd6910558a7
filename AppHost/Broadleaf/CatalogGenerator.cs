namespace AppHost.Broadleaf;

/// <summary>A SKU as checkout sees it: effective name and prices after Broadleaf's fallback to the default SKU.</summary>
internal sealed record OrderableSku(
    long SkuId, long ProductId, long CategoryId, string CategoryName, string Name,
    decimal RetailPrice, decimal? SalePrice, bool IsDigital, DateTime ActiveFrom, DateTime? ActiveUntil);

/// <summary>Categories, products, default and additional SKUs with every inventory type and stock level.</summary>
internal static class CatalogGenerator
{
    private sealed record CategorySpec(long Id, string Name, long? Parent, string? InventoryType, string? FulfillmentType, bool Archived,
        string[] Brands, string[] Names, string[] Kinds, decimal MinPrice, decimal MaxPrice, string[] Variants, double Share);

    private static readonly CategorySpec[] Categories =
    [
        new(1, "Primary Nav", null, null, null, false, [], [], [], 0, 0, [], 0),
        new(2, "Hot Sauces", 1, null, null, false,
            ["Blair's", "Hoboken Hot Sauce", "Dave's Gourmet", "Marie Sharp's", "Cholula", "Heat Clinic"],
            ["Sudden Death", "Green Ghost", "Day of the Dead", "Bull Snort", "Cafe Louisiana", "Hurtin' Jalapeno", "Roasted Garlic", "Scotch Bonnet", "Chipotle Smoke", "Habanero Mango"],
            ["Hot Sauce", "Pepper Sauce", "Chili Oil", "Salsa"], 4.99m, 14.99m, ["5 oz", "12 oz"], 0.42),
        new(3, "Merchandise", 1, null, null, false, [], [], [], 0, 0, [], 0),
        new(4, "Mens", 3, null, null, false,
            ["Heat Clinic", "Capsaicin Co", "Pepper Works"],
            ["Hawt Like a Habanero", "Scoville Scale", "Fire Starter", "Pepper Crew", "Heat Clinic Logo"],
            ["Shirt", "Hoodie", "Cap", "Tank"], 14.99m, 49.99m, ["S", "M", "L", "XL"], 0.16),
        new(5, "Womens", 3, null, null, false,
            ["Heat Clinic", "Capsaicin Co", "Pepper Works"],
            ["Hawt Like a Habanero", "Scoville Scale", "Fire Starter", "Pepper Crew", "Heat Clinic Logo"],
            ["Shirt", "Hoodie", "Cap", "Tank"], 14.99m, 49.99m, ["S", "M", "L", "XL"], 0.16),
        new(6, "Clearance", 1, "CHECK_QUANTITY", null, false, [], [], [], 0, 0, [], 0),
        new(7, "Gift Cards", 1, "ALWAYS_AVAILABLE", "DIGITAL", false, ["Heat Clinic"], ["Heat Clinic"], ["Gift Card"], 25m, 100m, [], 0.02),
        new(8, "Home & Kitchen", 1, null, null, false,
            ["Heat Clinic Home", "Ember & Oak"],
            ["Pepper", "Ember", "Chili", "Smoky", "Blaze"],
            ["Mug", "Apron", "Grill Set", "Spice Rack", "Cutting Board"], 9.99m, 39.99m, [], 0.20),
        new(9, "Discontinued", 1, null, null, true, ["Heat Clinic"], ["Old Recipe", "Retired"], ["Hot Sauce", "Shirt"], 4.99m, 19.99m, [], 0.04),
    ];

    public static IReadOnlyList<OrderableSku> Generate(BroadleafSeedOptions options, SeedRandom random, IBroadleafRowSink sink)
    {
        var catalogStart = options.HistoryStart.AddDays(-90);
        foreach (var category in Categories)
        {
            var slug = Slug(category.Name);
            sink.Write(BroadleafTables.Category, category.Id, category.Name, $"{category.Name} at the Heat Clinic", $"/{slug}", slug,
                $"CAT-{category.Id}", catalogStart, null, category.Parent, category.InventoryType, category.FulfillmentType,
                category.Archived ? "Y" : "N");
            if (category.Parent is { } parent)
            {
                sink.Write(BroadleafTables.CategoryXref, category.Id, parent, category.Id, (decimal)category.Id, true);
            }
        }

        var sellable = Categories.Where(c => c.Share > 0).ToArray();
        var orderable = new List<OrderableSku>();
        long skuId = 0, xrefId = 0;
        var perCategory = new Dictionary<long, int>();
        for (long productId = 1; productId <= options.Products; productId++)
        {
            var category = random.Weighted(sellable.Select(c => (c, c.Share)).ToArray());
            var index = perCategory[category.Id] = perCategory.GetValueOrDefault(category.Id) + 1;
            var name = ProductName(category, index);
            var slug = Slug(name);
            var archived = category.Archived || random.Chance(0.02);
            var activeFrom = random.Chance(0.1) ? random.Between(options.HistoryStart, options.HistoryEnd) : catalogStart;
            DateTime? activeUntil = random.Chance(0.03) ? random.Between(activeFrom, options.HistoryEnd) : null;
            var isGiftCard = category.FulfillmentType == "DIGITAL";
            var retail = isGiftCard ? category.MinPrice * (1 << (index % 3)) : PriceBetween(random, category.MinPrice, category.MaxPrice);
            decimal? sale = !isGiftCard && random.Chance(0.25) ? SeedRandom.Money(retail * 0.8m) : null;

            var defaultSkuId = ++skuId;
            var defaultInventoryType = isGiftCard ? null : random.Weighted<string?>([(null, 0.30), ("CHECK_QUANTITY", 0.50), ("ALWAYS_AVAILABLE", 0.15), ("UNAVAILABLE", 0.05)]);
            WriteSku(sink, random, defaultSkuId, name, $"{name} by {category.Brands[index % category.Brands.Length]}", retail, sale,
                activeFrom, activeUntil, defaultInventoryType, category.FulfillmentType, defaultProductId: productId, additionalProductId: null);

            sink.Write(BroadleafTables.Product, productId, defaultSkuId, category.Id, category.Brands[index % category.Brands.Length],
                $"{category.Kinds[0][..1]}-{productId:D5}", $"/{Slug(category.Name)}/{slug}", slug, archived ? "Y" : "N", random.Chance(0.1));
            sink.Write(BroadleafTables.CategoryProductXref, ++xrefId, category.Id, productId, DisplayOrder(index), true);
            if (!isGiftCard && random.Chance(0.1))
            {
                sink.Write(BroadleafTables.CategoryProductXref, ++xrefId, 6L, productId, DisplayOrder(productId), false);
            }

            var effectiveDefaultType = defaultInventoryType ?? category.InventoryType;
            var variants = category.Variants.Length > 0 && (category.Variants.Length > 2 || random.Chance(0.2)) ? category.Variants : [];
            var sellableSkus = new List<OrderableSku>();
            if (variants.Length == 0)
            {
                sellableSkus.Add(new(defaultSkuId, productId, category.Id, category.Name, name, retail, sale, isGiftCard, activeFrom, activeUntil));
            }

            var variantIndex = 0;
            foreach (var variant in variants)
            {
                variantIndex++;
                var id = ++skuId;
                // Additional SKUs often leave name, prices or inventory type empty: Broadleaf falls back to the default SKU.
                var ownName = random.Chance(0.7) ? $"{name} - {variant}" : null;
                decimal? ownRetail = random.Chance(0.5) ? retail + (variantIndex - 1) * 2m : null;
                var ownType = random.Weighted<string?>([(null, 0.4), ("CHECK_QUANTITY", 0.5), ("ALWAYS_AVAILABLE", 0.05), ("UNAVAILABLE", 0.05)]);
                WriteSku(sink, random, id, ownName, null, ownRetail, null, null, null, ownType, null, defaultProductId: null, additionalProductId: productId);
                if ((ownType ?? effectiveDefaultType) != "UNAVAILABLE")
                {
                    sellableSkus.Add(new(id, productId, category.Id, category.Name, ownName ?? name, ownRetail ?? retail, sale,
                        false, activeFrom, activeUntil));
                }
            }

            if (!archived && effectiveDefaultType != "UNAVAILABLE")
            {
                orderable.AddRange(sellableSkus);
            }
        }

        return orderable;
    }

    private static void WriteSku(IBroadleafRowSink sink, SeedRandom random, long id, string? name, string? description,
        decimal? retail, decimal? sale, DateTime? activeFrom, DateTime? activeUntil, string? inventoryType, string? fulfillmentType,
        long? defaultProductId, long? additionalProductId)
    {
        int? quantity = inventoryType == "ALWAYS_AVAILABLE" && random.Chance(0.5) ? null : random.Weighted<int?>(
        [
            (0, 0.08), (random.Between(1, 5), 0.12), (random.Between(6, 20), 0.20), (random.Between(21, 300), 0.60),
        ]);
        sink.Write(BroadleafTables.Sku, id, name, description, $"0{600000000000 + id}", $"SKU-{id:D6}",
            retail, sale, retail is null ? null : SeedRandom.Money(retail.Value * 0.45m),
            "Y", "Y", "Y", activeFrom, activeUntil, inventoryType, quantity, fulfillmentType, defaultProductId, additionalProductId, "USD");
    }

    private static string ProductName(CategorySpec category, int index)
    {
        var combinations = category.Names.Length * category.Kinds.Length;
        var zero = index - 1;
        var name = $"{category.Names[zero % category.Names.Length]} {category.Kinds[zero / category.Names.Length % category.Kinds.Length]}";
        if (category.FulfillmentType == "DIGITAL")
        {
            name = $"{name} ${25 * (1 << (index % 3))}";
        }

        return zero < combinations ? name : $"{name} No. {zero / combinations + 1}";
    }

    /// <summary>display_order is numeric(10,6): below 10,000, however large the catalog.</summary>
    private static decimal DisplayOrder(long position) => position % 10_000;

    private static decimal PriceBetween(SeedRandom random, decimal min, decimal max) =>
        Math.Floor(min + (decimal)random.Next() * (max - min)) + 0.99m;

    private static string Slug(string name) =>
        new string(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
}
