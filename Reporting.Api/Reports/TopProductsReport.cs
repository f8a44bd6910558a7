using Npgsql;
using NpgsqlTypes;
using Reporting.Api.Rollups;

namespace Reporting.Api.Reports;

/// <param name="Name">The item name at purchase.</param>
/// <param name="Revenue">Σ item price × quantity: the price after item adjustments, before order-level discounts.</param>
/// <param name="Change">With <c>compare</c>: each figure against the same SKU and currency in the compared period.</param>
public sealed record TopProductRow(
    long SkuId, long? ProductId, string? Name, string? Currency, long Units, decimal Revenue, long Orders, TopProductChange? Change = null);

public sealed record TopProductChange(FigureChange Units, FigureChange Revenue, FigureChange Orders);

/// <summary>A page of top products (as every list report's <see cref="ListResponse{T}"/>), and with <c>compare</c> the days its rows were compared with.</summary>
public sealed record TopProductsResponse(
    IReadOnlyList<TopProductRow> Items, int Page, int PageSize, long TotalCount, string Sort, string? Compare, ComparedPeriod? Previous,
    DateTimeOffset AsOf);

/// <summary>
/// Units and revenue per SKU and currency over the orders submitted in the period that are not CANCELLED, read from the
/// reporting store's sums per day and SKU and, for the partial days at the ends, its items (<see cref="ReportingStore"/>).
/// </summary>
public sealed class TopProductsReport([FromKeyedServices(ReportingStore.Name)] NpgsqlDataSource store)
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

    /// <summary>
    /// $5/$6 the checkpoints added and subtracted (null: none), $7–$9 and $10–$12 two day ranges with their signs (see
    /// <see cref="ProductSumsPlan"/>), $13 the currency filter, $14 a SKU filter (null: every SKU), $15/$16 limit and offset.
    /// </summary>
    private static string Sql(ValidPage page) => $"""
        WITH sold AS (
            SELECT sku_id, currency_code, product_id, name, units, revenue, orders FROM product_before_month WHERE month = $5
            UNION ALL
            SELECT sku_id, currency_code, NULL, NULL, -units, -revenue, -orders FROM product_before_month WHERE month = $6
            UNION ALL
            SELECT sku_id, currency_code, product_id, name, units * $9, revenue * $9, orders * $9 FROM product_day WHERE day >= $7 AND day < $8
            UNION ALL
            SELECT sku_id, currency_code, product_id, name, units * $12, revenue * $12, orders * $12 FROM product_day WHERE day >= $10 AND day < $11
            UNION ALL
            SELECT sku_id, currency_code, max(product_id), max(name), sum(quantity), coalesce(sum(price * quantity), 0), count(DISTINCT order_id)
            FROM sales_item
            WHERE submit_date >= $1 AND submit_date < $2 AND (submit_date < $3 OR submit_date >= $4) AND NOT cancelled
            GROUP BY sku_id, currency_code
        )
        SELECT sku_id, max(product_id) AS product_id, max(name) AS name, currency_code,
               sum(units)::bigint AS units, sum(revenue) AS revenue, sum(orders)::bigint AS orders, count(*) OVER ()
        FROM sold
        WHERE ($13::varchar IS NULL OR currency_code = $13) AND ($14::bigint[] IS NULL OR sku_id = ANY($14))
        GROUP BY sku_id, currency_code
        HAVING sum(orders) <> 0
        ORDER BY {page.OrderBy} NULLS LAST, sku_id, currency_code
        LIMIT $15 OFFSET $16
        """;

    public async Task<TopProductsResponse> RunAsync(
        ReportPeriod period, string? currency, ValidPage page, ReportComparison comparison, CancellationToken ct)
    {
        var asOf = await ReportingStore.ReadSyncedAtAsync(store, ct) ?? throw new ReportingStoreNotReadyException();
        // Read once: every query of this request plans its sums on the same checkpoints.
        var checkpoints = await ReadCheckpointsAsync(ct);
        var (rows, total) = await QueryAsync(period, checkpoints, currency, page, skus: null, ct);
        if (rows.Count == 0 && page.Offset > 0)
        {
            // A page past the end has no row to carry the window count.
            total = (await QueryAsync(period, checkpoints, currency, page with { Page = 1, PageSize = 1 }, skus: null, ct)).Total;
        }

        var before = period.ComparedWith(comparison);
        if (before is not null)
        {
            var (earlier, _) = await QueryAsync(
                before, checkpoints, currency, page with { Page = 1, PageSize = int.MaxValue }, [.. rows.Select(r => r.SkuId).Distinct()], ct);
            var previous = earlier.ToDictionary(r => (r.SkuId, r.Currency));
            rows = [.. rows.Select(r => WithChange(r, previous.GetValueOrDefault((r.SkuId, r.Currency))))];
        }

        return new TopProductsResponse(rows, page.Page, page.PageSize, total, page.Sort, comparison.ToParameter(),
            before is null ? null : new ComparedPeriod(before.Start, before.End), asOf);
    }

    /// <summary>The first and last month checkpoints in the store; null before the first sales.</summary>
    private async Task<(DateOnly First, DateOnly Last)?> ReadCheckpointsAsync(CancellationToken ct)
    {
        await using var command = store.CreateCommand("SELECT min(month), max(month) FROM product_checkpoint");
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return reader.IsDBNull(0) ? null : (reader.GetFieldValue<DateOnly>(0), reader.GetFieldValue<DateOnly>(1));
    }

    private static TopProductRow WithChange(TopProductRow now, TopProductRow? then) => now with
    {
        Change = new TopProductChange(FigureChange.Of(now.Units, then?.Units ?? 0), FigureChange.Of(now.Revenue, then?.Revenue ?? 0),
            FigureChange.Of(now.Orders, then?.Orders ?? 0)),
    };

    private async Task<(List<TopProductRow> Rows, long Total)> QueryAsync(
        ReportPeriod period, (DateOnly First, DateOnly Last)? checkpoints, string? currency, ValidPage page, long[]? skus, CancellationToken ct)
    {
        var plan = ProductSumsPlan.For(period, checkpoints);
        await using var command = store.CreateCommand(Sql(page));
        period.AddStoreParameters(command);
        command.Parameters.Add(new NpgsqlParameter<DateOnly?> { TypedValue = plan.Added });
        command.Parameters.Add(new NpgsqlParameter<DateOnly?> { TypedValue = plan.Subtracted });
        foreach (var range in (ProductSumsPlan.DayRange[])[plan.First, plan.Second])
        {
            command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = range.From });
            command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = range.To });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = range.Sign });
        }

        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = currency });
        command.Parameters.Add(new NpgsqlParameter<long[]?> { TypedValue = skus, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = page.PageSize });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = page.Offset });

        var rows = new List<TopProductRow>();
        long total = 0;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new TopProductRow(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetInt64(4), reader.GetDecimal(5), reader.GetInt64(6)));
            total = reader.GetInt64(7);
        }

        return (rows, total);
    }
}
