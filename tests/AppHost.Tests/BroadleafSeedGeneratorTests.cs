using AppHost.Broadleaf;

namespace AppHost.Tests;

public sealed class BroadleafSeedGeneratorTests
{
    private static readonly BroadleafSeedOptions Options = new() { Orders = 3_000 };
    private static readonly Lazy<(RecordingSink Sink, BroadleafSeedSummary Summary)> Seeded = new(() =>
    {
        var sink = new RecordingSink();
        return (sink, new BroadleafSeedGenerator(Options).Generate(sink));
    });

    private static RecordingSink Sink => Seeded.Value.Sink;

    [Fact]
    public void TheSameSeedGivesTheSameRowsAndAnotherSeedDoesNot()
    {
        var again = new RecordingSink();
        new BroadleafSeedGenerator(Options).Generate(again);
        var other = new RecordingSink();
        new BroadleafSeedGenerator(Options with { Seed = Options.Seed + 1 }).Generate(other);

        Assert.Equal(Fingerprint(Sink), Fingerprint(again));
        Assert.NotEqual(Fingerprint(Sink), Fingerprint(other));
    }

    [Fact]
    public void TheSummaryCountsWhatWasWritten()
    {
        var summary = Seeded.Value.Summary;

        Assert.Equal(Sink.Rows.ToDictionary(r => r.Key, r => (long)r.Value.Count), summary.RowsPerTable);
        Assert.Equal(Options.Orders, summary.OrdersPerStatus.Values.Sum());
        var perStatus = Sink.Table(BroadleafTables.Order).GroupBy(o => (string)o["order_status"]!).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(perStatus, summary.OrdersPerStatus);
    }

    [Fact]
    public void EveryOrderStatusAppearsIncludingOneAnInstallationAdded()
    {
        Assert.Equal(
            ["ARCHIVED", "CANCELLED", "CSR_OWNED", "IN_PROCESS", "NAMED", "PENDING_REVIEW", "QUOTE", "SUBMITTED"],
            Seeded.Value.Summary.OrdersPerStatus.Keys.Order());
    }

    [Fact]
    public void OnlyCheckedOutOrdersHaveASubmitDateAndAnOrderNumber()
    {
        foreach (var order in Sink.Table(BroadleafTables.Order))
        {
            var checkedOut = (string)order["order_status"]! is "SUBMITTED" or "CANCELLED" or "ARCHIVED" or "PENDING_REVIEW";
            Assert.Equal(checkedOut, order["submit_date"] is not null);
            Assert.Equal(checkedOut, order["order_number"] is string number && number.EndsWith(order["order_id"]!.ToString()!, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void OrderTotalsAddUpAsBroadleafComputesThem()
    {
        var items = Sink.Table(BroadleafTables.OrderItem).ToLookup(i => (long)i["order_id"]!);
        var orderAdjustments = Sink.Table(BroadleafTables.OrderAdjustment).ToLookup(a => (long)a["order_id"]!);
        foreach (var order in Sink.Table(BroadleafTables.Order))
        {
            var id = (long)order["order_id"]!;
            var subtotal = items[id].Sum(i => (decimal)i["price"]! * (int)i["quantity"]!);
            var discounts = orderAdjustments[id].Sum(a => (decimal)a["adjustment_value"]!);

            Assert.Equal(subtotal, (decimal)order["order_subtotal"]!);
            Assert.Equal(subtotal - discounts + (decimal)order["total_shipping"]! + (decimal)order["total_tax"]!, (decimal)order["order_total"]!);
        }
    }

    [Fact]
    public void ShippingIsTheFulfillmentPricesLessShippingAdjustments()
    {
        var adjustments = Sink.Table(BroadleafTables.FulfillmentGroupAdjustment).ToLookup(a => (long)a["fulfillment_group_id"]!);
        var shippingPerOrder = Sink.Table(BroadleafTables.FulfillmentGroup)
            .GroupBy(g => (long)g["order_id"]!)
            .ToDictionary(g => g.Key, g => g.Sum(fg => (decimal)fg["price"]! - adjustments[(long)fg["fulfillment_group_id"]!].Sum(a => (decimal)a["adjustment_value"]!)));

        foreach (var order in Sink.Table(BroadleafTables.Order))
        {
            Assert.Equal(shippingPerOrder.GetValueOrDefault((long)order["order_id"]!), (decimal)order["total_shipping"]!);
        }
    }

    [Fact]
    public void SubmittedOrdersHaveOneAuditRowPerDistinctOfferAppliedAndOthersNone()
    {
        var checkedOut = Sink.Table(BroadleafTables.Order)
            .Where(o => o["submit_date"] is not null)
            .Select(o => (long)o["order_id"]!)
            .ToHashSet();
        var priceDetailOrder = Sink.Table(BroadleafTables.OrderItemPriceDetail).ToDictionary(
            d => (long)d["order_item_price_dtl_id"]!,
            d => Sink.Table(BroadleafTables.OrderItem).First(i => (long)i["order_item_id"]! == (long)d["order_item_id"]!)["order_id"]);
        var fulfillmentOrder = Sink.Table(BroadleafTables.FulfillmentGroup).ToDictionary(g => (long)g["fulfillment_group_id"]!, g => (long)g["order_id"]!);
        var applied = Sink.Table(BroadleafTables.OrderAdjustment).Select(a => ((long)a["order_id"]!, (long)a["offer_id"]!))
            .Concat(Sink.Table(BroadleafTables.OrderItemPriceDetailAdjustment).Select(a => ((long)priceDetailOrder[(long)a["order_item_price_dtl_id"]!]!, (long)a["offer_id"]!)))
            .Concat(Sink.Table(BroadleafTables.FulfillmentGroupAdjustment).Select(a => (fulfillmentOrder[(long)a["fulfillment_group_id"]!], (long)a["offer_id"]!)))
            .Where(a => checkedOut.Contains(a.Item1))
            .ToHashSet();
        var audits = Sink.Table(BroadleafTables.OfferAudit).Select(a => ((long)a["order_id"]!, (long)a["offer_id"]!)).ToList();

        Assert.Equal(audits.Count, audits.Distinct().Count());
        Assert.Equal(applied.Order(), audits.Order());
        Assert.Contains(Sink.Table(BroadleafTables.OfferAudit), a => a["offer_code_id"] is not null);
    }

    [Fact]
    public void OfferCodesAreNeverUsedBeyondTheirLimitByOrdersThatCount()
    {
        var cancelled = Sink.Table(BroadleafTables.Order).Where(o => (string)o["order_status"]! == "CANCELLED").Select(o => (long)o["order_id"]!).ToHashSet();
        var uses = Sink.Table(BroadleafTables.OfferAudit)
            .Where(a => a["offer_code_id"] is not null && !cancelled.Contains((long)a["order_id"]!))
            .GroupBy(a => (long)a["offer_code_id"]!)
            .ToDictionary(g => g.Key, g => g.Count());

        foreach (var code in Sink.Table(BroadleafTables.OfferCode).Where(c => c["max_uses"] is int max && max > 0))
        {
            Assert.True(uses.GetValueOrDefault((long)code["offer_code_id"]!) <= (int)code["max_uses"]!, $"{code["offer_code"]} used beyond max_uses");
        }
    }

    [Fact]
    public void TheCatalogHasEveryInventoryTypeFallbackAndStockLevel()
    {
        var skus = Sink.Table(BroadleafTables.Sku).ToList();

        Assert.Equal([null, "ALWAYS_AVAILABLE", "CHECK_QUANTITY", "UNAVAILABLE"], skus.Select(s => (string?)s["inventory_type"]).Distinct().Order());
        Assert.Contains(skus, s => s["addl_product_id"] is not null && s["retail_price"] is null && s["name"] is null);
        Assert.Contains(skus, s => (string?)s["inventory_type"] == "CHECK_QUANTITY" && (int?)s["quantity_available"] == 0);
        Assert.Contains(skus, s => (string?)s["inventory_type"] == "CHECK_QUANTITY" && (int?)s["quantity_available"] is > 0 and <= 5);
        Assert.All(Sink.Table(BroadleafTables.Product), p => Assert.Single(skus, s => Equals(s["default_product_id"], p["product_id"])));
        Assert.Contains(Sink.Table(BroadleafTables.Category), c => c["inventory_type"] is not null);
    }

    [Fact]
    public void FulfillmentGroupsHaveEveryStatusIncludingNullAndEveryType()
    {
        var groups = Sink.Table(BroadleafTables.FulfillmentGroup).ToList();

        Assert.Equal(
            [null, "CANCELLED", "DELIVERED", "FULFILLED", "PARTIALLY_DELIVERED", "PARTIALLY_FULFILLED", "PROCESSING", "SHIPPED"],
            groups.Select(g => (string?)g["status"]).Distinct().Order());
        Assert.Equal(
            ["DIGITAL", "GIFT_CARD", "PHYSICAL_PICKUP", "PHYSICAL_PICKUP_OR_SHIP", "PHYSICAL_SHIP"],
            groups.Select(g => (string)g["type"]!).Distinct().Order());
    }

    [Fact]
    public void OrdersSpanTheConfiguredHistoryInBothCurrencies()
    {
        var orders = Sink.Table(BroadleafTables.Order).ToList();
        var dates = orders.Select(o => (DateTime)o["date_created"]!).ToList();

        Assert.True(dates.Min() < Options.HistoryStart.AddMonths(1));
        Assert.True(dates.Max() > Options.HistoryEnd.AddMonths(-1));
        Assert.All(dates, d => Assert.True(d < Options.HistoryEnd));
        Assert.Equal(["EUR", "USD"], orders.Select(o => (string)o["currency_code"]!).Distinct().Order());
    }

    [Fact]
    public void NumericColumnsFitTheirTypesAtAMillionOrdersCatalog()
    {
        // The catalog and offers are what grows past small numbers first; orders themselves are checked by the load.
        var sink = new RecordingSink();
        var large = new BroadleafSeedGenerator(Options with { Orders = 1_000_000 });
        var catalogOnly = new CatalogOnlySink(sink);
        try
        {
            large.Generate(catalogOnly);
        }
        catch (CatalogOnlySink.Done)
        {
        }

        Assert.Equal(20_000, sink.Table(BroadleafTables.Product).Count());
        Assert.All(sink.Table(BroadleafTables.CategoryProductXref), x => Assert.InRange((decimal)x["display_order"]!, 0m, 9_999.999999m));
        Assert.All(sink.Table(BroadleafTables.CategoryXref), x => Assert.InRange((decimal)x["display_order"]!, 0m, 9_999.999999m));
    }

    /// <summary>Stops the generator at the first order: the catalog is complete by then.</summary>
    private sealed class CatalogOnlySink(RecordingSink inner) : IBroadleafRowSink
    {
        public void Write(BroadleafTable table, params object?[] values)
        {
            if (table == BroadleafTables.OrderItem)
            {
                throw new Done();
            }

            inner.Write(table, values);
        }

        public sealed class Done : Exception;
    }

    private static string Fingerprint(RecordingSink sink) =>
        string.Join('\n', sink.Rows.OrderBy(r => r.Key, StringComparer.Ordinal).SelectMany(r => r.Value.Select(v => r.Key + ":" + string.Join('|', v))));
}
