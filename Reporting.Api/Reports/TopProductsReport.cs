using Microsoft.Extensions.Options;
using Npgsql;
using Reporting.Api.Rollups;

namespace Reporting.Api.Reports;

/// <param name="Name">The item name at purchase.</param>
/// <param name="Revenue">Σ item price × quantity: the price after item adjustments, before order-level discounts.</param>
public sealed record TopProductRow(long SkuId, long? ProductId, string? Name, string? Currency, long Units, decimal Revenue, long Orders);

/// <summary>
/// Units and revenue per SKU and currency over the orders submitted in the period that are not CANCELLED, read from the
/// sales rollups' items (<see cref="SalesRollupStore"/>).
/// </summary>
public sealed class TopProductsReport([FromKeyedServices(SalesRollupStore.Name)] NpgsqlDataSource store, IOptions<ReportingOptions> options)
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
        var asOf = await SalesRollupStore.ReadSyncedAtAsync(store, ct) ?? throw new SalesRollupNotReadyException();
        var sql = $"""
            SELECT sku_id, max(product_id) AS product_id, max(name) AS name, currency_code,
                   sum(quantity) AS units, sum(price * quantity) AS revenue, count(DISTINCT order_id) AS orders,
                   count(*) OVER ()
            FROM sales_item
            WHERE submit_date >= $1 AND submit_date < $2 AND NOT cancelled AND ($3::varchar IS NULL OR currency_code = $3)
            GROUP BY sku_id, currency_code
            ORDER BY {page.OrderBy} NULLS LAST, sku_id, currency_code
            LIMIT $4 OFFSET $5
            """;
        await using var command = store.CreateCommand(sql);
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

        return new ListResponse<TopProductRow>(rows, page.Page, page.PageSize, total, page.Sort, asOf);
    }
}
