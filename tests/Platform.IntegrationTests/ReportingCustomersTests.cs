using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.IntegrationTests;

[Collection(PlatformCollection.Name)]
public sealed class ReportingCustomersTests(PlatformFixture platform)
{
    private const string Store = "America/Chicago";

    private sealed record Totals(
        string? Currency, long Orders, long OrdersByNew, long OrdersByReturning, long Customers, long NewCustomers, long ReturningCustomers,
        decimal ReturningCustomerRate, decimal Revenue, decimal RevenueByNew, decimal RevenuePerCustomer);

    [Theory]
    [InlineData("2025-01-01", "2025-12-31", "America/Chicago", null)]
    [InlineData("2026-03-01", "2026-03-31", "Europe/Paris", null)]
    [InlineData("2024-11-01", "2024-11-30", "Asia/Tokyo", null)] // the history's first month: almost everyone is new
    [InlineData("2025-06-01", "2026-05-31", "America/Chicago", "EUR")]
    // Mid-month: the orders whose first or previous order is in the first month before the start come out of the sums.
    [InlineData("2025-02-12", "2025-09-20", "America/Chicago", null)]
    [InlineData("2025-04-17", "2026-01-09", "Asia/Kolkata", "USD")]
    public async Task NewAndReturningCustomersEqualAComputationOverTheRawOrders(string start, string end, string timezone, string? currency)
    {
        using var http = platform.CreateReportingClient(platform.AdminToken());
        var report = await ReportAsync(http, start, end, timezone, currency);

        Assert.Equal(await ExpectedAsync(start, end, timezone, currency), report);
        if (DateOnly.Parse(start) >= new DateOnly(2025, 1, 1))
        {
            // Customers whose first order is before the period are there, counted as returning.
            Assert.All(report, t => Assert.True(t.ReturningCustomers > 0));
        }
    }

    [Fact]
    public async Task ACancelledFirstOrderMakesTheCustomersNextOrderTheirFirstInItsOwnMonth()
    {
        await using var owner = await platform.OpenReplicaAsOwnerAsync();
        // A customer whose first two counted orders are in different months: only the first order's day is reloaded, yet
        // the second order's day sums change with it.
        var (firstOrder, second) = (await owner.QueryAsync("""
            SELECT ids[1], dates[2] FROM (
                SELECT array_agg(order_id ORDER BY submit_date, order_id) AS ids, array_agg(submit_date ORDER BY submit_date, order_id) AS dates
                FROM blc_order WHERE submit_date IS NOT NULL AND order_status <> 'CANCELLED' AND customer_id IS NOT NULL
                GROUP BY customer_id HAVING count(*) >= 2
            ) c
            WHERE date_trunc('month', dates[2]) > date_trunc('month', dates[1]) ORDER BY ids[1] LIMIT 1
            """, r => (r.GetInt64(0), DateOnly.FromDateTime(r.GetDateTime(1))))).Single();
        var (start, end) = ($"{second:yyyy-MM}-01", $"{new DateOnly(second.Year, second.Month, 1).AddMonths(1).AddDays(-1):yyyy-MM-dd}");
        using var http = platform.CreateReportingClient(platform.AdminToken());
        var before = await ReportAsync(http, start, end, Store, null);
        Assert.Equal(await ExpectedAsync(start, end, Store, null), before);

        try
        {
            await SetStatusAsync(owner, firstOrder, "CANCELLED");
            var expected = await ExpectedAsync(start, end, Store, null);
            Assert.Equal(before.Sum(t => t.NewCustomers) + 1, expected.Sum(t => t.NewCustomers));
            await Eventually.EqualAsync(expected, () => ReportAsync(http, start, end, Store, null), "the second order counted as the customer's first");
        }
        finally
        {
            await SetStatusAsync(owner, firstOrder, "SUBMITTED");
            await Eventually.EqualAsync(before, () => ReportAsync(http, start, end, Store, null), "the customer returning again");
        }
    }

    private static async Task SetStatusAsync(Npgsql.NpgsqlConnection owner, long orderId, string status) => await owner.ExecuteAsync(
        $"UPDATE blc_order SET order_status = '{status}', date_updated = now() AT TIME ZONE '{Store}' WHERE order_id = {orderId}");

    private static async Task<List<Totals>> ReportAsync(HttpClient http, string start, string end, string timezone, string? currency)
    {
        var report = await http.GetFromJsonAsync<JsonElement>(
            $"/api/reports/customers?startDate={start}&endDate={end}&timezone={timezone}" + (currency is null ? "" : $"&currency={currency}"));
        return [.. report.GetProperty("totals").EnumerateArray().Select(t => new Totals(t.GetProperty("currency").GetString(),
            t.GetProperty("orders").GetInt64(), t.GetProperty("ordersByNewCustomers").GetInt64(), t.GetProperty("ordersByReturningCustomers").GetInt64(),
            t.GetProperty("customers").GetInt64(), t.GetProperty("newCustomers").GetInt64(), t.GetProperty("returningCustomers").GetInt64(),
            t.GetProperty("returningCustomerRate").GetDecimal(), t.GetProperty("revenue").GetDecimal(), t.GetProperty("revenueByNewCustomers").GetDecimal(),
            t.GetProperty("revenuePerCustomer").GetDecimal()))];
    }

    /// <summary>The figures computed from the replica's raw orders, with distinct counts, as the report defines them.</summary>
    private async Task<List<Totals>> ExpectedAsync(string start, string end, string timezone, string? currency)
    {
        var (from, to, zone) = (DateOnly.Parse(start), DateOnly.Parse(end), TimeZoneInfo.FindSystemTimeZoneById(timezone));
        var counted = (await platform.ReadOrdersAsync()).Where(o => o.Counted).ToList();
        // A customer is new in the period holding their first counted order, in any currency, over the whole history.
        var firstDay = counted.GroupBy(o => o.Customer).ToDictionary(g => g.Key, g => g.Min(o => o.DayIn(zone)));
        bool IsNew(RawOrder o) => firstDay[o.Customer] >= from;

        return [.. counted.Where(o => o.DayIn(zone) >= from && o.DayIn(zone) <= to && (currency is null || o.Currency == currency))
            .GroupBy(o => o.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(orders =>
            {
                var customers = orders.Select(o => o.Customer).Distinct().Count();
                var newCustomers = orders.Where(IsNew).Select(o => o.Customer).Distinct().Count();
                var revenue = orders.Sum(o => o.Total);
                return new Totals(orders.Key, orders.Count(), orders.Count(IsNew), orders.Count(o => !IsNew(o)), customers, newCustomers,
                    customers - newCustomers, Math.Round((decimal)(customers - newCustomers) / customers, 4, MidpointRounding.AwayFromZero),
                    revenue, orders.Where(IsNew).Sum(o => o.Total), Math.Round(revenue / customers, 2, MidpointRounding.AwayFromZero));
            })];
    }
}
