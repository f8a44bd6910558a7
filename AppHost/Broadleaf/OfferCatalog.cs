namespace AppHost.Broadleaf;

internal enum OfferLevel { Order, OrderItem, FulfillmentGroup }

internal sealed record SeedOffer(
    long Id, string Name, OfferLevel Level, string DiscountType, decimal Value, DateTime? Start, DateTime? End,
    bool Automatic, string? AppliesToCategory = null, decimal MinimumSubtotal = 0m, long MaxUsesPerCustomer = 0, bool Archived = false)
{
    public bool IsActiveAt(DateTime when) => (Start is null || Start <= when) && (End is null || when <= End);
}

internal sealed record SeedOfferCode(long Id, long OfferId, string Code, int? MaxUses, string? Email);

/// <summary>The store's campaigns: automatic offers at each level, coded offers with per-code limits, an archived and a future one.</summary>
internal static class OfferCatalog
{
    public static (IReadOnlyList<SeedOffer> Offers, IReadOnlyList<SeedOfferCode> Codes) Generate(BroadleafSeedOptions options, IBroadleafRowSink sink)
    {
        var start = options.HistoryStart;
        var lastHoliday = new DateTime(options.HistoryEnd.Year - 1, 11, 15);
        SeedOffer[] offers =
        [
            new(1, "10% Off Orders Over $50", OfferLevel.Order, "PERCENT_OFF", 10m, start, null, Automatic: true, MinimumSubtotal: 50m),
            new(2, "$1 Off Every Hot Sauce", OfferLevel.OrderItem, "AMOUNT_OFF", 1m, start, null, Automatic: true, AppliesToCategory: "Hot Sauces"),
            new(3, "Free Standard Shipping", OfferLevel.FulfillmentGroup, "PERCENT_OFF", 100m, start, null, Automatic: false),
            new(4, "20% Off Mens Apparel", OfferLevel.OrderItem, "PERCENT_OFF", 20m, start.AddMonths(6), start.AddMonths(18), Automatic: false, AppliesToCategory: "Mens"),
            new(5, "Holiday $15 Off", OfferLevel.Order, "AMOUNT_OFF", 15m, lastHoliday, lastHoliday.AddDays(46), Automatic: false, MinimumSubtotal: 30m),
            new(6, "Welcome 15% Off", OfferLevel.Order, "PERCENT_OFF", 15m, start, null, Automatic: false, MaxUsesPerCustomer: 1),
            new(7, "Mugs and Boards at $9.99", OfferLevel.OrderItem, "FIX_PRICE", 9.99m, start.AddMonths(3), start.AddMonths(9), Automatic: true, AppliesToCategory: "Home & Kitchen"),
            new(8, "Spring Promo 5%", OfferLevel.Order, "PERCENT_OFF", 5m, start, start.AddMonths(4), Automatic: false, Archived: true),
            new(9, "Clearance Bonus $3", OfferLevel.Order, "AMOUNT_OFF", 3m, options.HistoryEnd.AddMonths(1), options.HistoryEnd.AddMonths(2), Automatic: true),
        ];
        SeedOfferCode[] codes =
        [
            new(1, 3, "FREESHIP", null, null),
            new(2, 4, "SHIRTS20", 500, null),
            new(3, 5, "HOLIDAY15", Math.Max(10, options.Orders / 100), null),
            new(4, 5, "HOLIDAY15VIP", 1, "vip.customer@example.com"),
            new(5, 6, "WELCOME15", 0, null),
            new(6, 8, "SPRING5", null, null),
        ];

        foreach (var o in offers)
        {
            sink.Write(BroadleafTables.Offer, o.Id, o.Name, $"{o.Name} ({o.DiscountType})", o.Name, LevelName(o.Level), o.DiscountType, o.Value,
                o.Start, o.End, 0, o.MaxUsesPerCustomer, "CUSTOMER", o.Automatic, true, false, o.Archived ? "Y" : "N");
        }

        foreach (var c in codes)
        {
            var offer = offers.Single(o => o.Id == c.OfferId);
            // "uses" is deprecated and never incremented by Broadleaf.
            sink.Write(BroadleafTables.OfferCode, c.Id, c.OfferId, c.Code, offer.Start, offer.End, c.MaxUses, 0, c.Email, offer.Archived ? "Y" : "N");
        }

        return (offers, codes);
    }

    private static string LevelName(OfferLevel level) => level switch
    {
        OfferLevel.Order => "ORDER",
        OfferLevel.OrderItem => "ORDER_ITEM",
        _ => "FULFILLMENT_GROUP",
    };
}
