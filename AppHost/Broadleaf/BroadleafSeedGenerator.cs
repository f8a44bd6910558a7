namespace AppHost.Broadleaf;

/// <summary>Deterministic, Broadleaf-shaped store history: same options, same rows.</summary>
public sealed class BroadleafSeedGenerator(BroadleafSeedOptions options)
{
    /// <summary>Hibernate's id segments and the table whose ids each hands out (allocation size 50).</summary>
    private static readonly (string Segment, BroadleafTable Table)[] IdSegments =
    [
        ("CategoryImpl", BroadleafTables.Category), ("ProductImpl", BroadleafTables.Product), ("SkuImpl", BroadleafTables.Sku),
        ("OfferImpl", BroadleafTables.Offer), ("OfferCodeImpl", BroadleafTables.OfferCode), ("OrderImpl", BroadleafTables.Order),
        ("OrderItemImpl", BroadleafTables.OrderItem), ("OrderItemPriceDetailImpl", BroadleafTables.OrderItemPriceDetail),
        ("OrderItemPriceDetailAdjustmentImpl", BroadleafTables.OrderItemPriceDetailAdjustment),
        ("OrderAdjustmentImpl", BroadleafTables.OrderAdjustment), ("FulfillmentGroupImpl", BroadleafTables.FulfillmentGroup),
        ("FulfillmentGroupItemImpl", BroadleafTables.FulfillmentGroupItem),
        ("FulfillmentGroupAdjustmentImpl", BroadleafTables.FulfillmentGroupAdjustment), ("OfferAuditImpl", BroadleafTables.OfferAudit),
        ("OrderPaymentImpl", BroadleafTables.OrderPayment), ("SearchRedirectImpl", BroadleafTables.SearchIntercept),
        ("SearchSynonymImpl", BroadleafTables.SearchSynonym),
    ];

    public BroadleafSeedSummary Generate(IBroadleafRowSink sink)
    {
        var counting = new CountingSink(sink);
        var random = new SeedRandom(options.Seed);

        counting.Write(BroadleafTables.Currency, "USD", "US Dollar", true);
        counting.Write(BroadleafTables.Currency, "EUR", "Euro", false);
        var catalog = CatalogGenerator.Generate(options, random, counting);
        SearchMerchandisingGenerator.Generate(options, counting);
        var customers = CustomerGenerator.Generate(options, random, counting);
        var (offers, codes) = OfferCatalog.Generate(options, counting);
        var ordersPerStatus = new OrderHistoryGenerator(options, random, counting, catalog, customers, offers, codes).Generate();

        foreach (var (segment, table) in IdSegments)
        {
            var next = counting.Rows.GetValueOrDefault(table.Name) + 1;
            counting.Write(BroadleafTables.SequenceGenerator, segment, (next + 49) / 50 * 50);
        }

        return new BroadleafSeedSummary(counting.Rows, ordersPerStatus);
    }

    private sealed class CountingSink(IBroadleafRowSink inner) : IBroadleafRowSink
    {
        public Dictionary<string, long> Rows { get; } = [];

        public void Write(BroadleafTable table, params object?[] values)
        {
            if (values.Length != table.Columns.Length)
            {
                throw new ArgumentException($"{table.Name} has {table.Columns.Length} columns; the generator gave {values.Length} values.");
            }

            Rows[table.Name] = Rows.GetValueOrDefault(table.Name) + 1;
            inner.Write(table, values);
        }
    }
}
