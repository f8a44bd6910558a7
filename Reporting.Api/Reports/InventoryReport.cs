using Microsoft.Extensions.Options;
using Npgsql;

namespace Reporting.Api.Reports;

/// <summary>
/// A SKU's current stock with the values Broadleaf uses at run time: an additional SKU's empty name, prices and inventory
/// type fall back to its product's default SKU, and the inventory type then to the product's default category.
/// </summary>
public sealed record InventoryRow(
    long SkuId, string? Name, long? ProductId, string? ProductName, long? CategoryId, string? Category,
    string? InventoryType, int? QuantityAvailable, decimal? RetailPrice, decimal? SalePrice);

public sealed record InventoryFilter(string? InventoryType, long? CategoryId, long? ProductId, int? LowStockThreshold);

public sealed class InventoryReport(NpgsqlDataSource database, IOptions<ReportingOptions> options, TimeProvider clock)
{
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

    public async Task<ListResponse<InventoryRow>> RunAsync(InventoryFilter filter, ValidPage page, CancellationToken ct)
    {
        var sql = $"""
            SELECT *, count(*) OVER () FROM ({Effective}) AS inventory
            WHERE ($1::varchar IS NULL OR inventory_type = $1)
              AND ($2::bigint IS NULL OR category_id = $2)
              AND ($3::bigint IS NULL OR product_id = $3)
              AND ($4::int IS NULL OR (inventory_type = 'CHECK_QUANTITY' AND coalesce(quantity_available, 0) <= $4))
            ORDER BY {page.OrderBy} NULLS LAST, sku_id
            LIMIT $5 OFFSET $6
            """;
        await using var command = database.CreateCommand(sql);
        command.CommandTimeout = options.Value.QueryTimeoutSeconds;
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = filter.InventoryType });
        command.Parameters.Add(new NpgsqlParameter<long?> { TypedValue = filter.CategoryId });
        command.Parameters.Add(new NpgsqlParameter<long?> { TypedValue = filter.ProductId });
        command.Parameters.Add(new NpgsqlParameter<int?> { TypedValue = filter.LowStockThreshold });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = page.PageSize });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = page.Offset });

        var rows = new List<InventoryRow>(page.PageSize);
        long total = 0;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new InventoryRow(
                reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetInt32(7),
                reader.IsDBNull(8) ? null : reader.GetDecimal(8), reader.IsDBNull(9) ? null : reader.GetDecimal(9)));
            total = reader.GetInt64(10);
        }

        if (rows.Count == 0 && page.Offset > 0)
        {
            // A page past the end has no row to carry the window count.
            total = (await RunAsync(filter, page with { Page = 1, PageSize = 1 }, ct)).TotalCount;
        }

        return new ListResponse<InventoryRow>(rows, page.Page, page.PageSize, total, page.Sort, clock.GetUtcNow());
    }
}
