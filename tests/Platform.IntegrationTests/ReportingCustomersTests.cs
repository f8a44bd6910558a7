using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.IntegrationTests;

[Collection(PlatformCollection.Name)]
public sealed class ReportingCustomersTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("2025-01-01", "2025-12-31", "America/Chicago", null)]
    [InlineData("2026-03-01", "2026-03-31", "Europe/Paris", null)]
    [InlineData("2024-11-01", "2024-11-30", "Asia/Tokyo", null)] // the history's first month: almost everyone is new
    [InlineData("2025-06-01", "2026-05-31", "America/Chicago", "EUR")]
    public async Task NewAndReturningCustomersEqualAComputationOverTheRawOrders(string start, string end, string timezone, string? currency)
    {
        var (from, to, zone) = (DateOnly.Parse(start), DateOnly.Parse(end), TimeZoneInfo.FindSystemTimeZoneById(timezone));
        var counted = (await platform.ReadOrdersAsync()).Where(o => o.Counted).ToList();
        // A customer is new in the period holding their first counted order, in any currency, over the whole history.
        var firstDay = counted.GroupBy(o => o.Customer).ToDictionary(g => g.Key, g => g.Min(o => o.DayIn(zone)));
        var inPeriod = counted.Where(o => o.DayIn(zone) >= from && o.DayIn(zone) <= to && (currency is null || o.Currency == currency)).ToList();
        bool IsNew(RawOrder o) => firstDay[o.Customer] >= from;

        using var http = platform.CreateReportingClient(platform.AdminToken());
        var report = await http.GetFromJsonAsync<JsonElement>(
            $"/api/reports/customers?startDate={start}&endDate={end}&timezone={timezone}" + (currency is null ? "" : $"&currency={currency}"));

        var totals = report.GetProperty("totals").EnumerateArray().ToList();
        Assert.Equal(inPeriod.Select(o => o.Currency).Distinct().Order(StringComparer.Ordinal), totals.Select(t => t.GetProperty("currency").GetString()));
        foreach (var total in totals)
        {
            var orders = inPeriod.Where(o => o.Currency == total.GetProperty("currency").GetString()).ToList();
            var customers = orders.Select(o => o.Customer).Distinct().ToList();
            var newCustomers = orders.Where(IsNew).Select(o => o.Customer).Distinct().Count();
            var revenue = orders.Sum(o => o.Total);
            Assert.Equal(orders.Count, total.GetProperty("orders").GetInt64());
            Assert.Equal(orders.Count(IsNew), total.GetProperty("ordersByNewCustomers").GetInt64());
            Assert.Equal(orders.Count(o => !IsNew(o)), total.GetProperty("ordersByReturningCustomers").GetInt64());
            Assert.Equal(customers.Count, total.GetProperty("customers").GetInt64());
            Assert.Equal(newCustomers, total.GetProperty("newCustomers").GetInt64());
            Assert.Equal(customers.Count - newCustomers, total.GetProperty("returningCustomers").GetInt64());
            Assert.Equal(Math.Round((decimal)(customers.Count - newCustomers) / customers.Count, 4, MidpointRounding.AwayFromZero),
                total.GetProperty("returningCustomerRate").GetDecimal());
            Assert.Equal(revenue, total.GetProperty("revenue").GetDecimal());
            Assert.Equal(orders.Where(IsNew).Sum(o => o.Total), total.GetProperty("revenueByNewCustomers").GetDecimal());
            Assert.Equal(Math.Round(revenue / customers.Count, 2, MidpointRounding.AwayFromZero), total.GetProperty("revenuePerCustomer").GetDecimal());
        }

        if (from >= new DateOnly(2025, 1, 1))
        {
            // Customers whose first order is before the period are there, counted as returning.
            Assert.All(totals, t => Assert.True(t.GetProperty("returningCustomers").GetInt64() > 0));
        }
    }
}
