namespace AppHost.Broadleaf;

/// <summary>
/// Orders of every status over the history, as Broadleaf's checkout leaves them: items with price details,
/// item / order / shipping adjustments, one offer audit row per distinct offer of a submitted order,
/// fulfillment groups of every type and status (NULL included) and payments.
/// </summary>
internal sealed class OrderHistoryGenerator(
    BroadleafSeedOptions options,
    SeedRandom random,
    IBroadleafRowSink sink,
    IReadOnlyList<OrderableSku> catalog,
    IReadOnlyList<SeedCustomer> customers,
    IReadOnlyList<SeedOffer> offers,
    IReadOnlyList<SeedOfferCode> codes)
{
    /// <summary>Status and share; PENDING_REVIEW stands for a value an installation added to the extensible enumeration.</summary>
    private static readonly (string Status, double Share)[] Statuses =
    [
        ("SUBMITTED", 0.68), ("CANCELLED", 0.07), ("IN_PROCESS", 0.12), ("NAMED", 0.04), ("QUOTE", 0.02),
        ("ARCHIVED", 0.04), ("CSR_OWNED", 0.015), ("PENDING_REVIEW", 0.015),
    ];

    private static readonly HashSet<string> CheckedOut = ["SUBMITTED", "CANCELLED", "ARCHIVED", "PENDING_REVIEW"];

    private const string DiscreteOrderItemType = "org.broadleafcommerce.core.order.domain.DiscreteOrderItem";

    private readonly Dictionary<string, int> _ordersPerStatus = [];
    private readonly Dictionary<long, int> _codeUses = [];
    private readonly HashSet<(long Customer, long Offer)> _usedByCustomer = [];
    private long _itemId, _priceDetailId, _priceDetailAdjustmentId, _orderAdjustmentId, _fulfillmentGroupId,
        _fulfillmentGroupItemId, _fulfillmentGroupAdjustmentId, _auditId, _paymentId;

    private sealed record Line(long ItemId, OrderableSku Sku, int Quantity, decimal Price);

    public IReadOnlyDictionary<string, int> Generate()
    {
        for (long orderId = 1; orderId <= options.Orders; orderId++)
        {
            WriteOrder(orderId);
        }

        return _ordersPerStatus;
    }

    private void WriteOrder(long orderId)
    {
        var status = random.Weighted(Statuses);
        var customer = random.Pick(customers);
        var when = OrderTime();
        var checkedOut = CheckedOut.Contains(status);
        DateTime? submitDate = checkedOut ? when : null;
        var created = checkedOut ? when.AddMinutes(-random.Between(5, 4320)) : when;
        var currency = random.Chance(0.85) ? "USD" : "EUR";
        var code = random.Chance(0.15) ? PickCode(customer, when) : null;
        var codeOffer = code is null ? null : offers.Single(o => o.Id == code.OfferId);
        var applied = new List<SeedOffer>();

        var lines = WriteItems(orderId, when, created, codeOffer, applied);
        var subtotal = lines.Sum(l => l.Price * l.Quantity);
        var orderDiscount = WriteOrderAdjustment(orderId, subtotal, when, codeOffer, applied);
        var taxRate = currency == "USD" ? 0.07m : 0.20m;
        var tax = SeedRandom.Money((subtotal - orderDiscount) * taxRate);
        var shipping = status == "NAMED" ? 0m : WriteFulfillment(orderId, status, submitDate, lines, tax, subtotal, codeOffer, applied);
        var total = subtotal - orderDiscount + shipping + tax;
        var orderNumber = submitDate is { } s ? $"{s:yyyyMMddHHmmss}{s.Millisecond}{orderId}" : null;

        sink.Write(BroadleafTables.Order, orderId, customer.Id, status, orderNumber, status == "NAMED" ? "Wishlist" : null, customer.Email,
            subtotal, tax, shipping, total, submitDate, currency, customer.Locale, false, created, submitDate ?? created, false);

        if (checkedOut)
        {
            foreach (var offer in applied.Distinct())
            {
                var codeId = offer == codeOffer ? code!.Id : (long?)null;
                sink.Write(BroadleafTables.OfferAudit, ++_auditId, offer.Id, customer.Id, orderId, codeId, submitDate);
                if (status != "CANCELLED")
                {
                    _usedByCustomer.Add((customer.Id, offer.Id));
                    if (codeId is { } id)
                    {
                        _codeUses[id] = _codeUses.GetValueOrDefault(id) + 1;
                    }
                }
            }

            WritePayments(orderId, total);
        }

        _ordersPerStatus[status] = _ordersPerStatus.GetValueOrDefault(status) + 1;
    }

    private List<Line> WriteItems(long orderId, DateTime when, DateTime created, SeedOffer? codeOffer, List<SeedOffer> applied)
    {
        var lineCount = random.Weighted([(1, 0.40), (2, 0.30), (3, 0.18), (4, 0.12)]);
        var lines = new List<Line>();
        // Bounded: a few tries per line for a SKU that is on sale at that time and not already in the order.
        for (var attempt = 0; attempt < lineCount * 10 && lines.Count < lineCount; attempt++)
        {
            var sku = random.Pick(catalog);
            if (sku.ActiveFrom > when || sku.ActiveUntil < when || lines.Any(l => l.Sku.SkuId == sku.SkuId))
            {
                continue;
            }

            var quantity = random.Weighted([(1, 0.70), (2, 0.20), (3, 0.10)]);
            var unit = sku.SalePrice ?? sku.RetailPrice;
            var itemOffer = offers.FirstOrDefault(o => o.Level == OfferLevel.OrderItem && o.AppliesToCategory == sku.CategoryName
                && o.IsActiveAt(when) && (o.Automatic || o == codeOffer));
            var perUnit = itemOffer is null ? 0m : itemOffer.DiscountType switch
            {
                "AMOUNT_OFF" => Math.Min(itemOffer.Value, unit),
                "PERCENT_OFF" => SeedRandom.Money(unit * itemOffer.Value / 100m),
                _ => Math.Max(0m, unit - itemOffer.Value),
            };

            var line = new Line(++_itemId, sku, quantity, unit - perUnit);
            lines.Add(line);
            sink.Write(BroadleafTables.OrderItem, line.ItemId, orderId, sku.CategoryId, sku.Name, quantity, line.Price,
                sku.RetailPrice, sku.SalePrice, DiscreteOrderItemType, created);
            sink.Write(BroadleafTables.DiscreteOrderItem, line.ItemId, sku.SkuId, sku.ProductId, sku.RetailPrice, sku.SalePrice);
            sink.Write(BroadleafTables.OrderItemPriceDetail, ++_priceDetailId, line.ItemId, quantity, sku.SalePrice is not null);
            if (perUnit > 0)
            {
                sink.Write(BroadleafTables.OrderItemPriceDetailAdjustment, ++_priceDetailAdjustmentId, _priceDetailId, itemOffer!.Id,
                    itemOffer.Name, itemOffer.Name, perUnit, sku.SalePrice is not null, false);
                applied.Add(itemOffer);
            }
        }

        return lines;
    }

    private decimal WriteOrderAdjustment(long orderId, decimal subtotal, DateTime when, SeedOffer? codeOffer, List<SeedOffer> applied)
    {
        var offer = new[] { codeOffer }.Concat(offers.Where(o => o.Automatic))
            .FirstOrDefault(o => o is { Level: OfferLevel.Order } && o.IsActiveAt(when) && subtotal >= o.MinimumSubtotal && subtotal > 0);
        if (offer is null)
        {
            return 0m;
        }

        var discount = offer.DiscountType == "PERCENT_OFF" ? SeedRandom.Money(subtotal * offer.Value / 100m) : Math.Min(offer.Value, subtotal);
        sink.Write(BroadleafTables.OrderAdjustment, ++_orderAdjustmentId, orderId, offer.Id, offer.Name, discount, false);
        applied.Add(offer);
        return discount;
    }

    /// <returns>The order's shipping after shipping adjustments.</returns>
    private decimal WriteFulfillment(long orderId, string status, DateTime? submitDate, List<Line> lines, decimal tax, decimal subtotal,
        SeedOffer? codeOffer, List<SeedOffer> applied)
    {
        var groups = new List<(string Type, List<Line> Lines)>();
        var digital = lines.Where(l => l.Sku.IsDigital).ToList();
        var physical = lines.Where(l => !l.Sku.IsDigital).ToList();
        if (physical.Count >= 2 && random.Chance(0.08))
        {
            var type = PhysicalType();
            groups.Add((type, physical[..(physical.Count / 2)]));
            groups.Add((type, physical[(physical.Count / 2)..]));
        }
        else if (physical.Count > 0 || digital.Count == 0)
        {
            groups.Add((PhysicalType(), physical));
        }

        if (digital.Count > 0)
        {
            groups.Add((random.Chance(0.5) ? "GIFT_CARD" : "DIGITAL", digital));
        }

        var shipping = 0m;
        var taxLeft = tax;
        var sequence = 0;
        var fulfillmentStatus = FulfillmentStatus(status, submitDate);
        var method = random.Weighted([(("Standard", 5.99m), 0.7), (("Priority", 9.99m), 0.2), (("Express", 19.99m), 0.1)]);
        foreach (var (type, groupLines) in groups)
        {
            sequence++;
            var (methodName, price) = type == "PHYSICAL_SHIP" ? method : type.StartsWith("PHYSICAL", StringComparison.Ordinal) ? ("Pickup", 0m) : ("Email", 0m);
            var merchandise = groupLines.Sum(l => l.Price * l.Quantity);
            var groupTax = sequence == groups.Count ? taxLeft : subtotal == 0 ? 0m : SeedRandom.Money(tax * merchandise / subtotal);
            taxLeft -= groupTax;
            var fulfillmentGroupId = ++_fulfillmentGroupId;
            var shippingDiscount = 0m;
            if (codeOffer is { Level: OfferLevel.FulfillmentGroup } && methodName == "Standard")
            {
                shippingDiscount = SeedRandom.Money(price * codeOffer.Value / 100m);
                sink.Write(BroadleafTables.FulfillmentGroupAdjustment, ++_fulfillmentGroupAdjustmentId, fulfillmentGroupId, codeOffer.Id,
                    codeOffer.Name, shippingDiscount, false);
                applied.Add(codeOffer);
            }

            shipping += price - shippingDiscount;
            sink.Write(BroadleafTables.FulfillmentGroup, fulfillmentGroupId, orderId, fulfillmentStatus, type, methodName,
                methodName == "Email" ? "Instant" : "Ground", fulfillmentStatus is null ? null : $"FG{fulfillmentGroupId:D8}",
                price, price, price, merchandise, merchandise + price - shippingDiscount + groupTax, groupTax, sequence == 1, sequence);
            foreach (var line in groupLines)
            {
                sink.Write(BroadleafTables.FulfillmentGroupItem, ++_fulfillmentGroupItemId, fulfillmentGroupId, line.ItemId, line.Quantity, fulfillmentStatus);
            }
        }

        return shipping;
    }

    private string PhysicalType() =>
        random.Weighted([("PHYSICAL_SHIP", 0.90), ("PHYSICAL_PICKUP", 0.07), ("PHYSICAL_PICKUP_OR_SHIP", 0.03)]);

    /// <summary>Community Broadleaf never sets it: an OMS does, so NULL is common and recent orders are not yet fulfilled.</summary>
    private string? FulfillmentStatus(string orderStatus, DateTime? submitDate) => orderStatus switch
    {
        "CANCELLED" => random.Chance(0.6) ? "CANCELLED" : null,
        _ when submitDate is null => null,
        _ when options.HistoryEnd - submitDate.Value < TimeSpan.FromDays(3) => random.Chance(0.6) ? null : "PROCESSING",
        _ => random.Weighted<string?>(
        [
            (null, 0.28), ("PROCESSING", 0.05), ("FULFILLED", 0.15), ("PARTIALLY_FULFILLED", 0.04), ("DELIVERED", 0.35),
            ("PARTIALLY_DELIVERED", 0.04), ("SHIPPED", 0.07), ("CANCELLED", 0.02),
        ]),
    };

    private void WritePayments(long orderId, decimal total)
    {
        if (total > 25m && random.Chance(0.08))
        {
            sink.Write(BroadleafTables.OrderPayment, ++_paymentId, orderId, 25m, "GIFT_CARD", "Passthrough", "N");
            total -= 25m;
        }

        sink.Write(BroadleafTables.OrderPayment, ++_paymentId, orderId, total, "CREDIT_CARD", "Passthrough", "N");
    }

    private SeedOfferCode? PickCode(SeedCustomer customer, DateTime when)
    {
        var code = random.Pick(codes);
        var offer = offers.Single(o => o.Id == code.OfferId);
        var usable = offer.IsActiveAt(when)
            && (code.MaxUses is not > 0 || _codeUses.GetValueOrDefault(code.Id) < code.MaxUses)
            && (offer.MaxUsesPerCustomer == 0 || !_usedByCustomer.Contains((customer.Id, offer.Id)));
        return usable ? code : null;
    }

    /// <summary>More orders later in the history and around the holidays; rejection sampling with a bounded number of tries.</summary>
    private DateTime OrderTime()
    {
        var span = options.HistoryEnd - options.HistoryStart;
        var candidate = options.HistoryStart;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            candidate = random.Between(options.HistoryStart, options.HistoryEnd);
            var growth = 0.7 + 0.3 * ((candidate - options.HistoryStart) / span);
            var season = candidate.Month switch { 11 => 1.5, 12 => 1.8, 1 => 0.8, _ => 1.0 };
            if (random.Next() * 1.8 < growth * season)
            {
                break;
            }
        }

        // Whole milliseconds: what a JVM timestamp holds.
        return new DateTime(candidate.Ticks - candidate.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Unspecified);
    }
}
