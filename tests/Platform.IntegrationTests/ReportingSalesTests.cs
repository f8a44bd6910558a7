using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Platform.IntegrationTests;

[Collection(PlatformCollection.Name)]
public sealed class ReportingSalesTests(PlatformFixture platform)
{
    private const string Store = "America/Chicago";

    private sealed record Order(long Id, string Status, string Currency, DateTime Submitted, decimal Total, decimal Subtotal, decimal Tax, decimal Shipping);

    private sealed record Figures(string Currency, long Orders, decimal Revenue, decimal Subtotal, decimal Tax, decimal Shipping, decimal Discounts,
        decimal AverageOrderValue, long CancelledOrders, decimal CancelledTotal);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Theory]
    [InlineData("2025-01-01", "2025-12-31", "month", Store, null, "true")]
    [InlineData("2025-03-01", "2025-03-31", "day", Store, null, "previous_period")]       // spring forward on the 9th
    [InlineData("2025-10-20", "2025-11-16", "week", "Europe/Paris", null, "previous_period")] // fall back on 26 October
    [InlineData("2025-06-01", "2025-08-31", "week", "Asia/Tokyo", "EUR", "previous_period")]
    [InlineData("2026-03-01", "2026-03-31", "day", Store, null, "previous_year")]          // against 2 March - 1 April 2025, weekday for weekday
    [InlineData("2026-01-05", "2026-03-29", "week", "Europe/Paris", null, "previous_year")] // spring forward on 29 March 2026, 30 March 2025
    [InlineData("2026-01-01", "2026-06-30", "month", Store, "USD", "previous_year")]
    // Midnights off the store's whole hours: read from the quarter-hour sums, the others from the hour sums.
    [InlineData("2025-09-01", "2025-11-30", "day", "Asia/Kolkata", null, "previous_period")]
    [InlineData("2025-01-06", "2025-12-28", "week", "Asia/Kathmandu", "USD", "previous_period")]
    public async Task TotalsSeriesComparisonAndRunningTotalsEqualAComputationOverTheRawRows(
        string start, string end, string granularity, string timezone, string? currency, string compare)
    {
        var (orders, discounts) = await ReadOrdersAsync();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timezone);
        var from = DateOnly.Parse(start);
        var to = DateOnly.Parse(end);
        List<Order> Between(DateOnly first, DateOnly last) =>
            [.. orders.Where(o => Day(o, zone) >= first && Day(o, zone) <= last && (currency is null || o.Currency == currency))];

        using var http = platform.CreateReportingClient(platform.AdminToken());
        var report = await http.GetFromJsonAsync<JsonElement>(
            $"/api/reports/sales?startDate={start}&endDate={end}&granularity={granularity}&timezone={timezone}&compare={compare}&cumulative=true" +
            (currency is null ? "" : $"&currency={currency}"));

        var inPeriod = Between(from, to);
        var expectedTotals = Totals(inPeriod, discounts);
        Assert.NotEmpty(expectedTotals);
        Assert.Equal(expectedTotals, report.GetProperty("totals").Deserialize<List<Figures>>(Json));
        AssertSeries(Series(from, to, granularity, zone, inPeriod, discounts), report.GetProperty("series"));

        // The compared period, computed here from the calendar: the days just before, or a year earlier (364 days by day
        // and week, so that weekdays line up; the same dates by month).
        var (previousFrom, previousTo) = (compare, granularity) switch
        {
            ("previous_year", "month") => (from.AddYears(-1), to.AddYears(-1)),
            ("previous_year", _) => (from.AddDays(-364), to.AddDays(-364)),
            _ => (from.AddDays(-(to.DayNumber - from.DayNumber + 1)), from.AddDays(-1)),
        };
        var previous = report.GetProperty("previous");
        var inPrevious = Between(previousFrom, previousTo);
        var previousTotals = Totals(inPrevious, discounts);
        Assert.Equal(compare == "true" ? "previous_period" : compare, report.GetProperty("compare").GetString());
        Assert.Equal((previousFrom, previousTo), (DateOnly.Parse(previous.GetProperty("startDate").GetString()!), DateOnly.Parse(previous.GetProperty("endDate").GetString()!)));
        Assert.Equal(previousTotals, previous.GetProperty("totals").Deserialize<List<Figures>>(Json));
        AssertSeries(Series(previousFrom, previousTo, granularity, zone, inPrevious, discounts), previous.GetProperty("series"));

        // Per currency of either period: every figure's difference, and its percent change when the base is not zero.
        var changes = report.GetProperty("changes").EnumerateArray().ToList();
        Assert.Equal(expectedTotals.Select(t => t.Currency).Union(previousTotals.Select(t => t.Currency)).Order(StringComparer.Ordinal),
            changes.Select(c => c.GetProperty("currency").GetString()));
        foreach (var change in changes)
        {
            var current = expectedTotals.SingleOrDefault(t => t.Currency == change.GetProperty("currency").GetString());
            var before = previousTotals.SingleOrDefault(t => t.Currency == change.GetProperty("currency").GetString());
            foreach (var (name, now, then) in new[]
            {
                ("orders", (decimal)(current?.Orders ?? 0), (decimal)(before?.Orders ?? 0)), ("revenue", current?.Revenue ?? 0, before?.Revenue ?? 0),
                ("averageOrderValue", current?.AverageOrderValue ?? 0, before?.AverageOrderValue ?? 0),
                ("cancelledTotal", current?.CancelledTotal ?? 0, before?.CancelledTotal ?? 0),
            })
            {
                var figure = change.GetProperty(name);
                Assert.Equal(now - then, figure.GetProperty("absolute").GetDecimal());
                decimal? expectedPercent = then == 0 ? null : Math.Round((now - then) / then * 100, 2, MidpointRounding.AwayFromZero);
                decimal? percent = figure.GetProperty("percent").ValueKind == JsonValueKind.Null ? null : figure.GetProperty("percent").GetDecimal();
                Assert.Equal(expectedPercent, percent);
            }
        }
    }

    /// <summary>Each bucket's figures and the running totals from the first bucket, per currency of the period.</summary>
    private static List<(DateOnly Bucket, Figures Figures, Figures Cumulative)> Series(
        DateOnly from, DateOnly to, string granularity, TimeZoneInfo zone, List<Order> orders, IReadOnlyDictionary<long, decimal> discounts)
    {
        var currencies = orders.Select(o => o.Currency).Distinct().Order(StringComparer.Ordinal).ToList();
        return [.. Buckets(from, to, granularity).SelectMany(b => currencies.Select(c => (
            Bucket: b,
            Figures: Compute(c, orders.Where(o => o.Currency == c && BucketOf(Day(o, zone), granularity) == b), discounts),
            Cumulative: Compute(c, orders.Where(o => o.Currency == c && BucketOf(Day(o, zone), granularity) <= b), discounts))))];
    }

    private static void AssertSeries(List<(DateOnly Bucket, Figures Figures, Figures Cumulative)> expected, JsonElement series) =>
        Assert.Equal(expected, [.. series.EnumerateArray().Select(s => (
            DateOnly.Parse(s.GetProperty("bucket").GetString()!), s.GetProperty("figures").Deserialize<Figures>(Json)!,
            s.GetProperty("cumulative").Deserialize<Figures>(Json)!))]);

    private static List<Figures> Totals(List<Order> orders, IReadOnlyDictionary<long, decimal> discounts) =>
        [.. orders.GroupBy(o => o.Currency).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Compute(g.Key, g, discounts))];

    [Fact]
    public async Task AnOrderCancelledOnTheReplicaLeavesTheSalesAndTopProductsAndComesBackWhenRestored()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var owner = await platform.OpenReplicaAsOwnerAsync();
        var (orderId, day, total, units) = (await owner.QueryAsync(
            """
            SELECT o.order_id, o.submit_date, o.order_total, sum(i.quantity)::int
            FROM blc_order o JOIN blc_order_item i ON i.order_id = o.order_id JOIN blc_discrete_order_item d ON d.order_item_id = i.order_item_id
            WHERE o.order_status = 'SUBMITTED' AND o.currency_code = 'USD'
            GROUP BY o.order_id ORDER BY o.order_id LIMIT 1
            """,
            r => (r.GetInt64(0), DateOnly.FromDateTime(r.GetDateTime(1)), r.GetDecimal(2), r.GetInt32(3)))).Single();
        using var http = platform.CreateReportingClient(platform.AdminToken());
        var before = await UsdSalesAsync(http, day, deadline.Token);
        var unitsBefore = await UsdUnitsSoldAsync(http, day, deadline.Token);

        try
        {
            await SetStatusAsync(owner, orderId, "CANCELLED");
            var cancelled = await WaitForSalesAsync(http, day, f => f.CancelledOrders == before.CancelledOrders + 1, deadline.Token);
            Assert.Equal(before.Orders - 1, cancelled.Orders);
            Assert.Equal(before.Revenue - total, cancelled.Revenue);
            Assert.Equal(before.CancelledTotal + total, cancelled.CancelledTotal);
            Assert.Equal(unitsBefore - units, await UsdUnitsSoldAsync(http, day, deadline.Token));
        }
        finally
        {
            await SetStatusAsync(owner, orderId, "SUBMITTED");
            Assert.Equal(before, await WaitForSalesAsync(http, day, f => f == before, deadline.Token));
            Assert.Equal(unitsBefore, await UsdUnitsSoldAsync(http, day, deadline.Token));
        }
    }

    /// <summary>What Broadleaf does on a status change: the status and date_updated (the JVM's local time), nothing else.</summary>
    private static async Task SetStatusAsync(NpgsqlConnection owner, long orderId, string status)
    {
        await using var command = new NpgsqlCommand(
            $"UPDATE blc_order SET order_status = $1, date_updated = now() AT TIME ZONE '{Store}' WHERE order_id = $2", owner);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = status });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = orderId });
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    /// <summary>Polls the day's USD sales until <paramref name="reached"/> holds: the rollups catch up every few seconds.</summary>
    private static Task<Figures> WaitForSalesAsync(HttpClient http, DateOnly day, Func<Figures, bool> reached, CancellationToken deadline) =>
        Eventually.ValueAsync(() => UsdSalesAsync(http, day, deadline), reached, $"the USD sales of {day} caught up", deadline: deadline);

    private static async Task<Figures> UsdSalesAsync(HttpClient http, DateOnly day, CancellationToken ct)
    {
        var report = await http.GetFromJsonAsync<JsonElement>($"/api/reports/sales?startDate={day:yyyy-MM-dd}&endDate={day:yyyy-MM-dd}&currency=USD", ct);
        return report.GetProperty("totals").Deserialize<List<Figures>>(Json)!.Single();
    }

    private static async Task<long> UsdUnitsSoldAsync(HttpClient http, DateOnly day, CancellationToken ct)
    {
        var report = await http.GetFromJsonAsync<JsonElement>(
            $"/api/reports/sales/top-products?startDate={day:yyyy-MM-dd}&endDate={day:yyyy-MM-dd}&currency=USD&pageSize=500", ct);
        return report.GetProperty("items").EnumerateArray().Sum(i => i.GetProperty("units").GetInt64());
    }

    private static DateOnly Day(Order order, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(order.Submitted, TimeZoneInfo.FindSystemTimeZoneById(Store), zone));

    private static Figures Compute(string currency, IEnumerable<Order> orders, IReadOnlyDictionary<long, decimal> discounts)
    {
        var list = orders.ToList();
        var sold = list.Where(o => o.Status != "CANCELLED").ToList();
        var revenue = sold.Sum(o => o.Total);
        return new Figures(currency, sold.Count, revenue, sold.Sum(o => o.Subtotal), sold.Sum(o => o.Tax), sold.Sum(o => o.Shipping),
            sold.Sum(o => discounts.GetValueOrDefault(o.Id)), sold.Count == 0 ? 0m : Math.Round(revenue / sold.Count, 2, MidpointRounding.AwayFromZero),
            list.Count(o => o.Status == "CANCELLED"), list.Where(o => o.Status == "CANCELLED").Sum(o => o.Total));
    }

    private static IEnumerable<DateOnly> Buckets(DateOnly from, DateOnly to, string granularity)
    {
        var seen = new SortedSet<DateOnly>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            seen.Add(BucketOf(day, granularity));
        }

        return seen;
    }

    private static DateOnly BucketOf(DateOnly day, string granularity) => granularity switch
    {
        "day" => day,
        "week" => day.AddDays(day.DayOfWeek == DayOfWeek.Sunday ? -6 : DayOfWeek.Monday - day.DayOfWeek),
        _ => new DateOnly(day.Year, day.Month, 1),
    };

    /// <summary>Checked-out orders and each order's discounts (order + item value × quantity + shipping), read raw.</summary>
    private async Task<(List<Order> Orders, Dictionary<long, decimal> Discounts)> ReadOrdersAsync()
    {
        await using var connection = await platform.OpenReplicaAsync();
        var orders = await connection.QueryAsync(
            "SELECT order_id, order_status, currency_code, submit_date, order_total, order_subtotal, total_tax, total_shipping FROM blc_order WHERE submit_date IS NOT NULL",
            r => new Order(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetDateTime(3), r.GetDecimal(4), r.GetDecimal(5), r.GetDecimal(6), r.GetDecimal(7)));

        var itemOrder = await MapAsync(connection, "SELECT order_item_id, order_id FROM blc_order_item");
        var detailItem = await MapAsync(connection, "SELECT order_item_price_dtl_id, order_item_id FROM blc_order_item_price_dtl");
        var detailQuantity = await MapAsync(connection, "SELECT order_item_price_dtl_id, quantity FROM blc_order_item_price_dtl");
        var groupOrder = await MapAsync(connection, "SELECT fulfillment_group_id, order_id FROM blc_fulfillment_group");
        var discounts = new Dictionary<long, decimal>();
        void Add(long order, decimal amount) => discounts[order] = discounts.GetValueOrDefault(order) + amount;
        foreach (var (order, value) in await PairsAsync(connection, "SELECT order_id, adjustment_value FROM blc_order_adjustment"))
        {
            Add(order, value);
        }

        foreach (var (detail, value) in await PairsAsync(connection, "SELECT order_item_price_dtl_id, adjustment_value FROM blc_order_item_dtl_adj"))
        {
            Add(itemOrder[detailItem[detail]], value * detailQuantity[detail]);
        }

        foreach (var (group, value) in await PairsAsync(connection, "SELECT fulfillment_group_id, adjustment_value FROM blc_fg_adjustment"))
        {
            Add(groupOrder[group], value);
        }

        return (orders, discounts);
    }

    private static async Task<Dictionary<long, long>> MapAsync(NpgsqlConnection connection, string sql) =>
        (await PairsAsync(connection, sql)).ToDictionary(p => p.Key, p => (long)p.Value);

    private static Task<List<(long Key, decimal Value)>> PairsAsync(NpgsqlConnection connection, string sql) =>
        connection.QueryAsync(sql, r => (r.GetInt64(0), Convert.ToDecimal(r.GetValue(1), System.Globalization.CultureInfo.InvariantCulture)));
}
