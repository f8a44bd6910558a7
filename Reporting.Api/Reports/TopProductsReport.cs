using Microsoft.Extensions.Options;
using Npgsql;

namespace Reporting.Api.Reports;

/// <param name="Name">The item name at purchase.</param>
/// <param name="Revenue">Σ item price × quantity: the price after item adjustments, before order-level discounts.</param>
public sealed record TopProductRow(long SkuId, long? ProductId, string? Name, string? Currency, long Units, decimal Revenue, long Orders);

/// <summary>Units and revenue per SKU and currency over the orders submitted in the period that are not CANCELLED.</summary>
public sealed class TopProductsReport(NpgsqlDataSource database, IOptions<ReportingOptions> options, TimeProvider clock)
{
    /// <summary>Sort fields; every order ends with SKU and currency so pages never overlap.</summary>
    public static readonly IReadOnlyDictionary<string, string> Sortable = new Dictionary<string, string>
    {
        ["revenue"] = "revenue",
        ["units"] = "units",
        ["orders"] = "orders",
        ["name"] = "name",
        ["skuId"] = "sku_id",
    };

    public async Task<ListResponse<TopProductRow>> RunAsync(ReportPeriod period, string? currency, ValidPage page, CancellationToken ct)
    {
        var sql = $"""
            SELECT d.sku_id, max(d.product_id) AS product_id, max(i.name) AS name, o.currency_code,
                   sum(i.quantity) AS units, sum(i.price * i.quantity) AS revenue, count(DISTINCT o.order_id) AS orders,
                   count(*) OVER ()
            FROM blc_order o
            JOIN blc_order_item i ON i.order_id = o.order_id
            JOIN blc_discrete_order_item d ON d.order_item_id = i.order_item_id
            WHERE o.submit_date >= $1 AND o.submit_date < $2 AND o.order_status <> 'CANCELLED'
              AND ($3::varchar IS NULL OR o.currency_code = $3)
            GROUP BY d.sku_id, o.currency_code
            ORDER BY {page.OrderBy} NULLS LAST, d.sku_id, o.currency_code
            LIMIT $4 OFFSET $5
            """;
        await using var command = database.CreateCommand(sql);
        command.CommandTimeout = options.Value.QueryTimeoutSeconds;
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = period.StoreFrom });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = period.StoreTo });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = currency });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = page.PageSize });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = page.Offset });

        var rows = new List<TopProductRow>(page.PageSize);
        long total = 0;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new TopProductRow(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetInt64(4), reader.GetDecimal(5), reader.GetInt64(6)));
            total = reader.GetInt64(7);
        }

        if (rows.Count == 0 && page.Offset > 0)
        {
            // A page past the end has no row to carry the window count.
            total = (await RunAsync(period, currency, page with { Page = 1, PageSize = 1 }, ct)).TotalCount;
        }

        return new ListResponse<TopProductRow>(rows, page.Page, page.PageSize, total, page.Sort, clock.GetUtcNow());
    }
}
