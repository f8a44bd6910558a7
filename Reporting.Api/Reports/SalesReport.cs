using Microsoft.Extensions.Options;
using Npgsql;

namespace Reporting.Api.Reports;

public enum SalesGranularity { Day, Week, Month }

/// <summary>Sales of one currency (never summed across currencies) in a bucket or a whole period.</summary>
/// <param name="Discounts">Order, item (value × quantity) and shipping adjustments of the counted orders.</param>
/// <param name="AverageOrderValue">Revenue / orders, rounded to cents.</param>
/// <param name="CancelledOrders">Cancelled orders submitted in the bucket: never part of revenue.</param>
public sealed record SalesFigures(
    string? Currency, long Orders, decimal Revenue, decimal Subtotal, decimal Tax, decimal Shipping, decimal Discounts,
    decimal AverageOrderValue, long CancelledOrders, decimal CancelledTotal);

/// <param name="Bucket">First day of the bucket in the report timezone (weeks start on Monday).</param>
public sealed record SalesBucket(DateOnly Bucket, SalesFigures Figures);

public sealed record SalesPeriod(DateOnly StartDate, DateOnly EndDate, IReadOnlyList<SalesFigures> Totals);

public sealed record SalesReportResponse(
    DateOnly StartDate, DateOnly EndDate, string Timezone, string Granularity, string? Currency,
    IReadOnlyList<SalesFigures> Totals, IReadOnlyList<SalesBucket> Series, SalesPeriod? Previous, DateTimeOffset AsOf);

/// <summary>
/// Sales over the orders submitted in the period: revenue is order_total of every checked-out order that is not
/// CANCELLED; cancelled orders are counted apart. Buckets are days, ISO weeks or months in the report timezone.
/// </summary>
public sealed class SalesReport(NpgsqlDataSource database, IOptions<ReportingOptions> options, TimeProvider clock)
{
    private const string Sql = """
        WITH orders AS (
            SELECT order_id, currency_code, order_status = 'CANCELLED' AS cancelled, order_total, order_subtotal, total_tax, total_shipping,
                   date_trunc($4, (submit_date AT TIME ZONE $5) AT TIME ZONE $6)::date AS bucket
            FROM blc_order
            WHERE submit_date >= $1 AND submit_date < $2 AND ($3::varchar IS NULL OR currency_code = $3)
        ), discounts AS (
            SELECT order_id, sum(amount) AS amount FROM (
                SELECT a.order_id, a.adjustment_value AS amount
                FROM blc_order_adjustment a JOIN orders o ON o.order_id = a.order_id
                UNION ALL
                SELECT i.order_id, d.adjustment_value * p.quantity
                FROM blc_order_item_dtl_adj d
                JOIN blc_order_item_price_dtl p ON p.order_item_price_dtl_id = d.order_item_price_dtl_id
                JOIN blc_order_item i ON i.order_item_id = p.order_item_id
                JOIN orders o ON o.order_id = i.order_id
                UNION ALL
                SELECT g.order_id, f.adjustment_value
                FROM blc_fg_adjustment f
                JOIN blc_fulfillment_group g ON g.fulfillment_group_id = f.fulfillment_group_id
                JOIN orders o ON o.order_id = g.order_id
            ) adjustments
            GROUP BY order_id
        )
        SELECT o.currency_code, o.bucket, o.cancelled, count(*),
               coalesce(sum(o.order_total), 0), coalesce(sum(o.order_subtotal), 0), coalesce(sum(o.total_tax), 0),
               coalesce(sum(o.total_shipping), 0), coalesce(sum(d.amount), 0)
        FROM orders o LEFT JOIN discounts d ON d.order_id = o.order_id
        GROUP BY o.currency_code, o.bucket, o.cancelled
        """;

    private sealed record Cell(string? Currency, DateOnly Bucket, bool Cancelled, long Orders, decimal Total, decimal Subtotal,
        decimal Tax, decimal Shipping, decimal Discounts);

    public async Task<SalesReportResponse> RunAsync(ReportPeriod period, SalesGranularity granularity, string? currency, bool compare, CancellationToken ct)
    {
        var cells = await QueryAsync(period, granularity, currency, ct);
        var buckets = Buckets(period.Start, period.End, granularity);
        var currencies = cells.Select(c => c.Currency).Distinct().Order(StringComparer.Ordinal).ToList();
        var series = buckets
            .SelectMany(bucket => currencies.Select(cur => new SalesBucket(bucket, Figures(cur, cells.Where(c => c.Bucket == bucket && c.Currency == cur)))))
            .ToList();

        SalesPeriod? previous = null;
        if (compare)
        {
            var days = period.End.DayNumber - period.Start.DayNumber + 1;
            var before = ReportPeriod.Create(period.Start.AddDays(-days), period.Start.AddDays(-1), period.TimeZone,
                TimeZoneInfo.FindSystemTimeZoneById(options.Value.StoreTimeZone));
            previous = new SalesPeriod(before.Start, before.End, Totals(await QueryAsync(before, granularity, currency, ct)));
        }

        return new SalesReportResponse(period.Start, period.End, period.TimeZone.Id, granularity.ToString().ToLowerInvariant(), currency,
            Totals(cells), series, previous, clock.GetUtcNow());
    }

    private static List<SalesFigures> Totals(List<Cell> cells) =>
        cells.GroupBy(c => c.Currency).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Figures(g.Key, g)).ToList();

    private static SalesFigures Figures(string? currency, IEnumerable<Cell> cells)
    {
        var sold = cells.Where(c => !c.Cancelled).ToList();
        var cancelled = cells.Where(c => c.Cancelled).ToList();
        var orders = sold.Sum(c => c.Orders);
        var revenue = sold.Sum(c => c.Total);
        return new SalesFigures(currency, orders, revenue, sold.Sum(c => c.Subtotal), sold.Sum(c => c.Tax), sold.Sum(c => c.Shipping),
            sold.Sum(c => c.Discounts), orders == 0 ? 0m : Math.Round(revenue / orders, 2, MidpointRounding.AwayFromZero),
            cancelled.Sum(c => c.Orders), cancelled.Sum(c => c.Total));
    }

    /// <summary>Every bucket from the one holding the first day to the one holding the last, empty ones included.</summary>
    public static List<DateOnly> Buckets(DateOnly start, DateOnly end, SalesGranularity granularity)
    {
        var buckets = new List<DateOnly>();
        for (var bucket = BucketOf(start, granularity); bucket <= end; bucket = granularity switch
        {
            SalesGranularity.Day => bucket.AddDays(1),
            SalesGranularity.Week => bucket.AddDays(7),
            _ => bucket.AddMonths(1),
        })
        {
            buckets.Add(bucket);
        }

        return buckets;
    }

    public static DateOnly BucketOf(DateOnly day, SalesGranularity granularity) => granularity switch
    {
        SalesGranularity.Day => day,
        SalesGranularity.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        _ => new DateOnly(day.Year, day.Month, 1),
    };

    private async Task<List<Cell>> QueryAsync(ReportPeriod period, SalesGranularity granularity, string? currency, CancellationToken ct)
    {
        await using var command = database.CreateCommand(Sql);
        command.CommandTimeout = options.Value.QueryTimeoutSeconds;
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = period.StoreFrom });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = period.StoreTo });
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = currency });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = granularity.ToString().ToLowerInvariant() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = options.Value.StoreTimeZone });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = period.TimeZone.Id });

        var cells = new List<Cell>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            cells.Add(new Cell(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetFieldValue<DateOnly>(1), reader.GetBoolean(2),
                reader.GetInt64(3), reader.GetDecimal(4), reader.GetDecimal(5), reader.GetDecimal(6), reader.GetDecimal(7), reader.GetDecimal(8)));
        }

        return cells;
    }
}
