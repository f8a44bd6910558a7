using Npgsql;
using NpgsqlTypes;
using Reporting.Api.Rollups;
using ServiceDefaults.Data;

namespace Reporting.Api.Reports;

/// <summary>
/// A SKU's current stock with the values Broadleaf uses at run time: an additional SKU's empty name, prices and inventory
/// type fall back to its product's default SKU, and the inventory type then to the product's default category.
/// With it, how long the stock lasts at the pace of the sales window (<see cref="SalesWindowRequest"/>).
/// </summary>
/// <param name="UnitsSold">Units of the SKU in the window's orders that are not CANCELLED, in every currency.</param>
/// <param name="DailySellRate">Units sold ÷ the window's days, to 4 decimals.</param>
/// <param name="DaysOfCover">Stock ÷ daily sell rate, to 1 decimal (0 when out of stock); empty when nothing sold or stock is not tracked (not CHECK_QUANTITY).</param>
/// <param name="SellThroughRate">Units sold ÷ (units sold + stock), to 4 decimals; empty when stock is not tracked or both are 0.</param>
public sealed record InventoryRow(
    long SkuId, string? Name, long? ProductId, string? ProductName, long? CategoryId, string? Category,
    string? InventoryType, int? QuantityAvailable, decimal? RetailPrice, decimal? SalePrice,
    long UnitsSold = 0, decimal DailySellRate = 0, decimal? DaysOfCover = null, decimal? SellThroughRate = null)
{
    public InventoryRow WithSales(long unitsSold, int days)
    {
        int? stock = InventoryType == "CHECK_QUANTITY" && QuantityAvailable is { } q ? Math.Max(0, q) : null;
        return this with
        {
            UnitsSold = unitsSold,
            DailySellRate = Math.Round((decimal)unitsSold / days, 4, MidpointRounding.AwayFromZero),
            DaysOfCover = stock is { } onHand && unitsSold > 0 ? Math.Round((decimal)onHand * days / unitsSold, 1, MidpointRounding.AwayFromZero) : null,
            SellThroughRate = stock is { } held && unitsSold + held > 0 ? DeliveryReport.Share(unitsSold, unitsSold + held) : null,
        };
    }
}

public sealed record InventoryFilter(string? InventoryType, long? CategoryId, long? ProductId, int? LowStockThreshold);

/// <summary>
/// The catalog's SKUs read from the replica, so that stock is current; the units each sold in the sales window from the
/// reporting store (<see cref="ReportingStore"/>).
/// </summary>
public sealed class InventoryReport(
    NpgsqlDataSource database, [FromKeyedServices(ReportingStore.Name)] NpgsqlDataSource store,
    TimeProvider clock)
{
    /// <summary>The sort by days of cover, which the store's sales decide: sorted here (most urgent first, nothing sold last).</summary>
    private const string DaysOfCover = "days_of_cover";

    private const string UnitsSold = """
        SELECT sku_id, sum(units)::bigint
        FROM (
            SELECT sku_id, units FROM product_day WHERE day >= $3::date AND day < $4::date
            UNION ALL
            SELECT sku_id, quantity FROM sales_item
            WHERE submit_date >= $1 AND submit_date < $2 AND (submit_date < $3 OR submit_date >= $4) AND NOT cancelled
        ) x
        WHERE sku_id = ANY($5)
        GROUP BY sku_id
        """;

    /// <summary>Sort fields and the columns they order by; every order ends with sku_id so pages never overlap.</summary>
    public static readonly IReadOnlyDictionary<string, string> Sortable = new Dictionary<string, string>
    {
        ["skuId"] = "sku_id",
        ["name"] = "name",
        ["product"] = "product_name",
        ["category"] = "category",
        ["inventoryType"] = "inventory_type",
        ["quantity"] = "quantity_available",
        ["price"] = "retail_price",
        ["daysOfCover"] = DaysOfCover,
    };

    private const string Effective = """
        SELECT s.sku_id,
               coalesce(s.name, d.name) AS name,
               p.product_id,
               d.name AS product_name,
               c.category_id,
               c.name AS category,
               coalesce(s.inventory_type, d.inventory_type, c.inventory_type) AS inventory_type,
               s.quantity_available,
               coalesce(s.retail_price, d.retail_price) AS retail_price,
               coalesce(s.sale_price, d.sale_price) AS sale_price
        FROM blc_sku s
        LEFT JOIN blc_product p ON p.product_id = coalesce(s.default_product_id, s.addl_product_id)
        LEFT JOIN blc_sku d ON d.sku_id = p.default_sku_id
        LEFT JOIN blc_category c ON c.category_id = p.default_category_id
        WHERE coalesce(p.archived, 'N') <> 'Y'
        """;

    public async Task<ListResponse<InventoryRow>> RunAsync(InventoryFilter filter, ValidPage page, ReportPeriod window, CancellationToken ct)
    {
        var byCover = page.OrderBy.StartsWith(DaysOfCover, StringComparison.Ordinal);
        var (rows, total) = await QueryAsync(filter, byCover ? new ValidPage(1, int.MaxValue, page.Sort, "sku_id ASC") : page, ct);
        var days = window.End.DayNumber - window.Start.DayNumber + 1;
        var sold = await UnitsSoldAsync(window, [.. rows.Select(r => r.SkuId)], ct);
        rows = [.. rows.Select(r => r.WithSales(sold.GetValueOrDefault(r.SkuId), days))];
        if (byCover)
        {
            var ordered = page.OrderBy.EndsWith("DESC", StringComparison.Ordinal)
                ? rows.OrderBy(r => r.DaysOfCover is null).ThenByDescending(r => r.DaysOfCover)
                : rows.OrderBy(r => r.DaysOfCover is null).ThenBy(r => r.DaysOfCover);
            rows = [.. ordered.ThenBy(r => r.SkuId).Skip(page.Offset).Take(page.PageSize)];
        }

        return new ListResponse<InventoryRow>(rows, page.Page, page.PageSize, total, page.Sort, clock.GetUtcNow());
    }

    private async Task<Dictionary<long, long>> UnitsSoldAsync(ReportPeriod window, long[] skus, CancellationToken ct)
    {
        if (await ReportingStore.ReadSyncedAtAsync(store, ct) is null)
        {
            throw new ReportingStoreNotReadyException();
        }

        await using var command = store.CreateCommand(UnitsSold);
        window.AddStoreParameters(command);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = skus, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        var sold = new Dictionary<long, long>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            sold[reader.GetInt64(0)] = reader.GetInt64(1);
        }

        return sold;
    }

    /// <summary>The page and the total, each its own query run at the same time: a window count would make every page join the whole catalog.</summary>
    private async Task<(List<InventoryRow> Rows, long Total)> QueryAsync(InventoryFilter filter, ValidPage page, CancellationToken ct)
    {
        var rows = ReadPageAsync(filter, page, ct);
        var total = CountAsync(filter, ct);
        await Task.WhenAll(rows, total);
        return (await rows, await total);
    }

    private const string Filters = """
        WHERE ($1::varchar IS NULL OR inventory_type = $1)
          AND ($2::bigint IS NULL OR category_id = $2)
          AND ($3::bigint IS NULL OR product_id = $3)
          AND ($4::int IS NULL OR (inventory_type = 'CHECK_QUANTITY' AND coalesce(quantity_available, 0) <= $4))
        """;

    private async Task<List<InventoryRow>> ReadPageAsync(InventoryFilter filter, ValidPage page, CancellationToken ct)
    {
        await using var command = FilteredCommand($"""
            SELECT * FROM ({Effective}) AS inventory
            {Filters}
            ORDER BY {page.OrderBy} NULLS LAST, sku_id
            LIMIT $5 OFFSET $6
            """, filter);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = page.PageSize });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = page.Offset });

        var rows = new List<InventoryRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new InventoryRow(
                reader.Get<long>("sku_id"), reader.Get<string>("name"), reader.Get<long?>("product_id"), reader.Get<string>("product_name"),
                reader.Get<long?>("category_id"), reader.Get<string>("category"), reader.Get<string>("inventory_type"),
                reader.Get<int?>("quantity_available"), reader.Get<decimal?>("retail_price"), reader.Get<decimal?>("sale_price")));
        }

        return rows;
    }

    private async Task<long> CountAsync(InventoryFilter filter, CancellationToken ct)
    {
        await using var command = FilteredCommand($"SELECT count(*) FROM ({Effective}) AS inventory {Filters}", filter);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>A replica command with the filter as $1–$4.</summary>
    private NpgsqlCommand FilteredCommand(string sql, InventoryFilter filter)
    {
        var command = database.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = filter.InventoryType });
        command.Parameters.Add(new NpgsqlParameter<long?> { TypedValue = filter.CategoryId });
        command.Parameters.Add(new NpgsqlParameter<long?> { TypedValue = filter.ProductId });
        command.Parameters.Add(new NpgsqlParameter<int?> { TypedValue = filter.LowStockThreshold });
        return command;
    }
}
