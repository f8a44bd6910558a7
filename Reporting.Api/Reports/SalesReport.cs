using Microsoft.Extensions.Options;
using Npgsql;
using Reporting.Api.Rollups;

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
/// Read from the sales rollups (<see cref="SalesRollupStore"/>): <c>asOf</c> is when they last caught up with the replica.
/// </summary>
public sealed class SalesReport([FromKeyedServices(SalesRollupStore.Name)] NpgsqlDataSource store, IOptions<ReportingOptions> options)
{
    /// <summary>Quarter hours of store-local submit time in the period, summed per bucket of the report timezone.</summary>
    private const string Sql = """
        SELECT currency_code, date_trunc($4, (bucket AT TIME ZONE $5) AT TIME ZONE $6)::date, cancelled, sum(orders)::bigint,
               sum(order_total), sum(order_subtotal), sum(total_tax), sum(total_shipping), sum(discounts)
        FROM sales_quarter_hour
        WHERE bucket >= $1 AND bucket < $2 AND ($3::varchar IS NULL OR currency_code = $3)
        GROUP BY 1, 2, 3
        """;

    private sealed record Cell(string? Currency, DateOnly Bucket, bool Cancelled, long Orders, decimal Total, decimal Subtotal,
        decimal Tax, decimal Shipping, decimal Discounts);

    public async Task<SalesReportResponse> RunAsync(ReportPeriod period, SalesGranularity granularity, string? currency, bool compare, CancellationToken ct)
    {
        var asOf = await SalesRollupStore.ReadSyncedAtAsync(store, ct) ?? throw new SalesRollupNotReadyException();
        var cells = await QueryAsync(period, granularity, currency, ct);
        var buckets = Buckets(period.Start, period.End, granularity);
        var currencies = cells.Select(c => c.Currency).Distinct().Order(StringComparer.Ordinal).ToList();
        var byBucket = cells.ToLookup(c => (c.Bucket, c.Currency));
        var series = buckets
            .SelectMany(bucket => currencies.Select(cur => new SalesBucket(bucket, Figures(cur, byBucket[(bucket, cur)]))))
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
            Totals(cells), series, previous, asOf);
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
        await using var command = store.CreateCommand(Sql);
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
