using Npgsql;
using Reporting.Api.Rollups;

namespace Reporting.Api.Reports;

/// <summary>Orders and amounts of one <c>order_status</c> in one currency; unknown statuses appear as they are.</summary>
/// <param name="Change">With <c>compare</c>: each figure against the compared period (a row of either period appears).</param>
public sealed record OrderStatusRow(string? Status, string? Currency, long Orders, decimal Subtotal, decimal Total, OrderStatusChange? Change = null);

public sealed record OrderStatusChange(FigureChange Orders, FigureChange Subtotal, FigureChange Total);

/// <summary>The days a report was compared with.</summary>
public sealed record ComparedPeriod(DateOnly StartDate, DateOnly EndDate);

public sealed record OrderStatusReportResponse(
    DateOnly StartDate, DateOnly EndDate, string Timezone, string? Compare, ComparedPeriod? Previous, IReadOnlyList<OrderStatusRow> Items,
    DateTimeOffset AsOf);

/// <summary>
/// Orders per status and currency whose time falls in the period: the submit time for orders that went through
/// checkout, the creation time for the others (carts, wishlists, quotes have no submit time). Read from the reporting
/// store's day sums and, for the partial days at the ends, its orders (<see cref="ReportingStore"/>).
/// </summary>
public sealed class OrderStatusReport([FromKeyedServices(ReportingStore.Name)] NpgsqlDataSource store)
{
    private const string Sql = """
        SELECT order_status, currency_code, sum(orders)::bigint, sum(order_subtotal), sum(order_total)
        FROM (
            SELECT order_status, currency_code, orders, order_subtotal, order_total FROM order_status_day WHERE day >= $3::date AND day < $4::date
            UNION ALL
            SELECT order_status, currency_code, 1, coalesce(order_subtotal, 0), coalesce(order_total, 0) FROM sales_order
            WHERE submit_date >= $1 AND submit_date < $2 AND (submit_date < $3 OR submit_date >= $4)
            UNION ALL
            SELECT order_status, currency_code, 1, coalesce(order_subtotal, 0), coalesce(order_total, 0) FROM open_order
            WHERE date_created >= $1 AND date_created < $2 AND (date_created < $3 OR date_created >= $4)
        ) x
        GROUP BY order_status, currency_code
        ORDER BY order_status NULLS LAST, currency_code NULLS LAST
        """;

    public async Task<OrderStatusReportResponse> RunAsync(ReportPeriod period, ReportComparison comparison, CancellationToken ct)
    {
        var asOf = await ReportingStore.ReadSyncedAtAsync(store, ct) ?? throw new ReportingStoreNotReadyException();
        var rows = await QueryAsync(period, ct);
        if (period.ComparedWith(comparison) is not { } before)
        {
            return new OrderStatusReportResponse(period.Start, period.End, period.TimeZone.Id, null, null, rows, asOf);
        }

        var previous = (await QueryAsync(before, ct)).ToDictionary(r => (r.Status, r.Currency));
        var current = rows.ToDictionary(r => (r.Status, r.Currency));
        var compared = current.Keys.Union(previous.Keys)
            .OrderBy(k => k.Status ?? "\uffff", StringComparer.Ordinal).ThenBy(k => k.Currency ?? "\uffff", StringComparer.Ordinal)
            .Select(k =>
            {
                var (now, then) = (current.GetValueOrDefault(k), previous.GetValueOrDefault(k));
                return new OrderStatusRow(k.Status, k.Currency, now?.Orders ?? 0, now?.Subtotal ?? 0, now?.Total ?? 0,
                    new OrderStatusChange(FigureChange.Of(now?.Orders ?? 0, then?.Orders ?? 0), FigureChange.Of(now?.Subtotal ?? 0, then?.Subtotal ?? 0),
                        FigureChange.Of(now?.Total ?? 0, then?.Total ?? 0)));
            })
            .ToList();
        return new OrderStatusReportResponse(period.Start, period.End, period.TimeZone.Id, comparison.ToParameter(),
            new ComparedPeriod(before.Start, before.End), compared, asOf);
    }

    private async Task<List<OrderStatusRow>> QueryAsync(ReportPeriod period, CancellationToken ct)
    {
        await using var command = store.CreateCommand(Sql);
        period.AddStoreParameters(command);

        var rows = new List<OrderStatusRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new OrderStatusRow(
                reader.IsDBNull(0) ? null : reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetInt64(2),
                reader.GetDecimal(3),
                reader.GetDecimal(4)));
        }

        return rows;
    }
}
