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
    decimal AverageOrderValue, long CancelledOrders, decimal CancelledTotal)
{
    public static SalesFigures Zero(string? currency) => new(currency, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Both added up (a running total): the average order value of the sum.</summary>
    public SalesFigures Plus(SalesFigures other) => new(Currency, Orders + other.Orders, Revenue + other.Revenue, Subtotal + other.Subtotal,
        Tax + other.Tax, Shipping + other.Shipping, Discounts + other.Discounts,
        Orders + other.Orders == 0 ? 0m : Math.Round((Revenue + other.Revenue) / (Orders + other.Orders), 2, MidpointRounding.AwayFromZero),
        CancelledOrders + other.CancelledOrders, CancelledTotal + other.CancelledTotal);
}

/// <param name="Bucket">First day of the bucket in the report timezone (weeks start on Monday).</param>
/// <param name="Cumulative">With <c>cumulative=true</c>: the figures from the period's first bucket to this one.</param>
public sealed record SalesBucket(DateOnly Bucket, SalesFigures Figures, SalesFigures? Cumulative = null);

/// <summary>The compared period: its days, totals and series (buckets of the same granularity).</summary>
public sealed record SalesPeriod(DateOnly StartDate, DateOnly EndDate, IReadOnlyList<SalesFigures> Totals, IReadOnlyList<SalesBucket> Series);

/// <param name="Compare"><c>previous_period</c> or <c>previous_year</c> when compared; then <see cref="Previous"/> and
/// <see cref="Changes"/> (per currency of either period) are there.</param>
public sealed record SalesReportResponse(
    DateOnly StartDate, DateOnly EndDate, string Timezone, string Granularity, string? Currency, string? Compare,
    IReadOnlyList<SalesFigures> Totals, IReadOnlyList<SalesBucket> Series, SalesPeriod? Previous, IReadOnlyList<SalesChange>? Changes,
    DateTimeOffset AsOf);

/// <summary>
/// Sales over the orders submitted in the period: revenue is order_total of every checked-out order that is not
/// CANCELLED; cancelled orders are counted apart. Buckets are days, ISO weeks or months in the report timezone.
/// Read from the reporting store's hour or quarter-hour sums (<see cref="ReportingStore"/>): <c>asOf</c> is when it last caught up with the replica.
/// </summary>
public sealed class SalesReport([FromKeyedServices(ReportingStore.Name)] NpgsqlDataSource store, IOptions<ReportingOptions> options)
{
    /// <summary>
    /// Hours or quarter hours of store-local submit time in the period, summed per bucket of the report timezone: hours
    /// when every bucket starts on a whole store hour (see <see cref="ReportingStore.SalesSumsSplitAt"/>).
    /// </summary>
    private static string Sql(ReportPeriod period, SalesGranularity granularity) => $"""
        SELECT currency_code, date_trunc($4, (bucket AT TIME ZONE $5) AT TIME ZONE $6)::date, cancelled, sum(orders)::bigint,
               sum(order_total), sum(order_subtotal), sum(total_tax), sum(total_shipping), sum(discounts)
        FROM {SumsOf(period, granularity)}
        WHERE bucket >= $1 AND bucket < $2 AND ($3::varchar IS NULL OR currency_code = $3)
        GROUP BY 1, 2, 3
        """;

    /// <summary>The store's sales sums that split the period exactly at its bounds and at every bucket's start.</summary>
    public static string SumsOf(ReportPeriod period, SalesGranularity granularity) => ReportingStore.SalesSumsSplitAt(
        [period.StoreFrom, period.StoreTo, .. Buckets(period.Start, period.End, granularity)
            .Where(bucket => bucket > period.Start)
            .Select(bucket => ReportPeriod.ToStoreTime(bucket.ToDateTime(TimeOnly.MinValue), period.TimeZone, period.StoreZone))]);

    private sealed record Cell(string? Currency, DateOnly Bucket, bool Cancelled, long Orders, decimal Total, decimal Subtotal,
        decimal Tax, decimal Shipping, decimal Discounts);

    public async Task<SalesReportResponse> RunAsync(
        ReportPeriod period, SalesGranularity granularity, string? currency, ReportComparison comparison, bool cumulative, CancellationToken ct)
    {
        var asOf = await ReportingStore.ReadSyncedAtAsync(store, ct) ?? throw new ReportingStoreNotReadyException();
        var cells = await QueryAsync(period, granularity, currency, ct);
        var totals = Totals(cells);

        SalesPeriod? previous = null;
        List<SalesChange>? changes = null;
        if (period.ComparedWith(comparison, byWeekday: granularity != SalesGranularity.Month) is { } before)
        {
            var previousCells = await QueryAsync(before, granularity, currency, ct);
            var previousTotals = Totals(previousCells);
            previous = new SalesPeriod(before.Start, before.End, previousTotals, Series(previousCells, before, granularity, cumulative));
            changes = [.. totals.Select(t => t.Currency).Union(previousTotals.Select(t => t.Currency)).Order(StringComparer.Ordinal)
                .Select(cur => SalesChange.Of(cur, totals.SingleOrDefault(t => t.Currency == cur), previousTotals.SingleOrDefault(t => t.Currency == cur)))];
        }

        return new SalesReportResponse(period.Start, period.End, period.TimeZone.Id, granularity.ToString().ToLowerInvariant(), currency,
            comparison.ToParameter(),
            totals, Series(cells, period, granularity, cumulative), previous, changes, asOf);
    }

    /// <summary>Every bucket of the period for every currency that sold in it, empty ones included; running totals on request.</summary>
    private static List<SalesBucket> Series(List<Cell> cells, ReportPeriod period, SalesGranularity granularity, bool cumulative)
    {
        var currencies = cells.Select(c => c.Currency).Distinct().Order(StringComparer.Ordinal).ToList();
        var byBucket = cells.ToLookup(c => (c.Bucket, c.Currency));
        var running = currencies.ToDictionary(cur => cur ?? "", SalesFigures.Zero);
        return [.. Buckets(period.Start, period.End, granularity).SelectMany(bucket => currencies.Select(cur =>
        {
            var figures = Figures(cur, byBucket[(bucket, cur)]);
            return new SalesBucket(bucket, figures, cumulative ? running[cur ?? ""] = running[cur ?? ""].Plus(figures) : null);
        }))];
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
        await using var command = store.CreateCommand(Sql(period, granularity));
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
