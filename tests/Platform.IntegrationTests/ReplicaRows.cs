namespace Platform.IntegrationTests;

/// <summary>An order as the replica holds it, for figures computed here rather than by the service's SQL.</summary>
internal sealed record RawOrder(
    long Id, long Customer, string? Status, string? Currency, DateTime? Submitted, DateTime Created, decimal Subtotal, decimal Total)
{
    /// <summary>What every sales figure counts: checked out and not CANCELLED.</summary>
    public bool Counted => Submitted is not null && Status != "CANCELLED";

    /// <summary>The report-zone day of the order's time: its submit time, or its creation time before checkout.</summary>
    public DateOnly DayIn(TimeZoneInfo zone) => ReplicaRows.DayIn(Submitted ?? Created, zone);
}

internal sealed record RawItem(long Order, long Sku, int Quantity, decimal Price);

internal sealed record RawAudit(long Offer, long Order, long Customer, DateTime Redeemed);

internal static class ReplicaRows
{
    public static readonly TimeZoneInfo StoreZone = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");

    /// <summary>The report-zone day of a store-local timestamp.</summary>
    public static DateOnly DayIn(DateTime storeTime, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTime.SpecifyKind(storeTime, DateTimeKind.Unspecified), StoreZone, zone));

    public static async Task<List<RawOrder>> ReadOrdersAsync(this PlatformFixture platform)
    {
        await using var connection = await platform.OpenReplicaAsync();
        return await connection.QueryAsync(
            "SELECT order_id, customer_id, order_status, currency_code, submit_date, date_created, order_subtotal, order_total FROM blc_order",
            r => new RawOrder(r.GetInt64(0), r.GetInt64(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.IsDBNull(4) ? null : r.GetDateTime(4), r.GetDateTime(5), r.GetDecimal(6), r.GetDecimal(7)));
    }

    /// <summary>Discrete items (those with a SKU), as the top-products and inventory reports count them.</summary>
    public static async Task<List<RawItem>> ReadItemsAsync(this PlatformFixture platform)
    {
        await using var connection = await platform.OpenReplicaAsync();
        return await connection.QueryAsync(
            "SELECT i.order_id, d.sku_id, i.quantity, i.price FROM blc_order_item i, blc_discrete_order_item d WHERE d.order_item_id = i.order_item_id",
            r => new RawItem(r.GetInt64(0), r.GetInt64(1), r.GetInt32(2), r.GetDecimal(3)));
    }

    public static async Task<List<RawAudit>> ReadAuditsAsync(this PlatformFixture platform)
    {
        await using var connection = await platform.OpenReplicaAsync();
        return await connection.QueryAsync("SELECT offer_id, order_id, customer_id, redeemed_date FROM blc_offer_audit",
            r => new RawAudit(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetDateTime(3)));
    }

    /// <summary>A change as the API writes it: percent to 2 decimals, none when the base is zero.</summary>
    public static (decimal Current, decimal Previous, decimal Absolute, decimal? Percent) Change(decimal current, decimal previous) =>
        (current, previous, current - previous, previous == 0 ? null : Math.Round((current - previous) / previous * 100, 2, MidpointRounding.AwayFromZero));
}
