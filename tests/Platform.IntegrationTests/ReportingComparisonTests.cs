using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.IntegrationTests;

/// <summary><c>compare=previous_period|previous_year</c> on the order-status, top-products and campaign reports, against the raw rows.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ReportingComparisonTests(PlatformFixture platform)
{
    /// <summary>
    /// The compared days, from the calendar: the same number of days just before, or the same dates a year earlier, where
    /// a month's last day is the last day of that month a year earlier (28 February 2025 against the 29th in 2024).
    /// </summary>
    private static (DateOnly From, DateOnly To) Compared(DateOnly from, DateOnly to, string compare) => compare == "previous_year"
        ? (from.AddYears(-1), to.AddDays(1).Day == 1 ? new DateOnly(to.Year - 1, to.Month, 1).AddMonths(1).AddDays(-1) : to.AddYears(-1))
        : (from.AddDays(from.DayNumber - to.DayNumber - 1), from.AddDays(-1));

    [Theory]
    [InlineData("2026-03-01", "2026-03-31", "America/Chicago", "previous_year")]   // DST starts 8 March 2026 and 9 March 2025
    [InlineData("2025-10-20", "2025-11-16", "Europe/Paris", "previous_period")]   // Paris falls back on 26 October
    [InlineData("2024-11-01", "2024-11-30", "Asia/Tokyo", "previous_period")]     // the history starts in November 2024: no base, no percent
    [InlineData("2025-02-01", "2025-02-28", "America/Chicago", "previous_year")]   // against 1–29 February 2024, a leap month
    public async Task OrderStatusRowsCarryTheirChangeAgainstTheComparedPeriod(string start, string end, string timezone, string compare)
    {
        var (from, to, zone) = (DateOnly.Parse(start), DateOnly.Parse(end), TimeZoneInfo.FindSystemTimeZoneById(timezone));
        var (previousFrom, previousTo) = Compared(from, to, compare);
        var orders = await platform.ReadOrdersAsync();
        Dictionary<(string?, string?), (long Orders, decimal Subtotal, decimal Total)> Figures(DateOnly first, DateOnly last) =>
            orders.Where(o => o.DayIn(zone) >= first && o.DayIn(zone) <= last).GroupBy(o => (o.Status, o.Currency))
                .ToDictionary(g => g.Key, g => ((long)g.Count(), g.Sum(o => o.Subtotal), g.Sum(o => o.Total)));
        var (now, then) = (Figures(from, to), Figures(previousFrom, previousTo));

        using var http = platform.CreateReportingClient(platform.AdminToken());
        var report = await http.GetFromJsonAsync<JsonElement>(
            $"/api/reports/orders/status?startDate={start}&endDate={end}&timezone={timezone}&compare={compare}");

        Assert.Equal(compare, report.GetProperty("compare").GetString());
        Assert.Equal(previousFrom, DateOnly.Parse(report.GetProperty("previous").GetProperty("startDate").GetString()!));
        Assert.Equal(previousTo, DateOnly.Parse(report.GetProperty("previous").GetProperty("endDate").GetString()!));
        var rows = report.GetProperty("items").EnumerateArray().ToDictionary(
            r => (r.GetProperty("status").GetString(), r.GetProperty("currency").GetString()));
        Assert.Equal(now.Keys.Union(then.Keys).Order(), rows.Keys.Order());
        foreach (var (key, row) in rows)
        {
            var (current, previous) = (now.GetValueOrDefault(key), then.GetValueOrDefault(key));
            Assert.Equal(current.Orders, row.GetProperty("orders").GetInt64());
            Assert.Equal(ReplicaRows.Change(current.Orders, previous.Orders), ChangeOf(row, "orders"));
            Assert.Equal(ReplicaRows.Change(current.Subtotal, previous.Subtotal), ChangeOf(row, "subtotal"));
            Assert.Equal(ReplicaRows.Change(current.Total, previous.Total), ChangeOf(row, "total"));
        }

        Assert.Equal(then.Count == 0, rows.Values.All(r => r.GetProperty("change").GetProperty("orders").GetProperty("percent").ValueKind == JsonValueKind.Null));
    }

    [Theory]
    [InlineData("2026-01-01", "2026-03-31", "America/Chicago", "previous_year", "-revenue")]
    [InlineData("2025-06-01", "2025-08-31", "Asia/Tokyo", "previous_period", "-units")]
    public async Task TopProductsCarryEachSkusChangeAgainstTheComparedPeriod(string start, string end, string timezone, string compare, string sort)
    {
        var (from, to, zone) = (DateOnly.Parse(start), DateOnly.Parse(end), TimeZoneInfo.FindSystemTimeZoneById(timezone));
        var (previousFrom, previousTo) = Compared(from, to, compare);
        var orders = (await platform.ReadOrdersAsync()).Where(o => o.Counted).ToDictionary(o => o.Id);
        var items = (await platform.ReadItemsAsync()).Where(i => orders.ContainsKey(i.Order)).ToList();
        Dictionary<(long, string?), (long Units, decimal Revenue, long Orders)> Sold(DateOnly first, DateOnly last) =>
            items.Where(i => orders[i.Order].DayIn(zone) is var day && day >= first && day <= last)
                .GroupBy(i => (i.Sku, orders[i.Order].Currency))
                .ToDictionary(g => g.Key, g => ((long)g.Sum(i => i.Quantity), g.Sum(i => i.Price * i.Quantity), (long)g.Select(i => i.Order).Distinct().Count()));
        var (now, then) = (Sold(from, to), Sold(previousFrom, previousTo));

        using var http = platform.CreateReportingClient(platform.AdminToken());
        var report = await http.GetFromJsonAsync<JsonElement>(
            $"/api/reports/sales/top-products?startDate={start}&endDate={end}&timezone={timezone}&compare={compare}&sort={sort}&pageSize=40");

        Assert.Equal(compare, report.GetProperty("compare").GetString());
        Assert.Equal(now.Count, report.GetProperty("totalCount").GetInt64());
        var rows = report.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(40, rows.Count);
        Assert.Contains(rows, r => then.ContainsKey((r.GetProperty("skuId").GetInt64(), r.GetProperty("currency").GetString())));
        foreach (var row in rows)
        {
            var key = (row.GetProperty("skuId").GetInt64(), row.GetProperty("currency").GetString());
            var (current, previous) = (now[key], then.GetValueOrDefault(key));
            Assert.Equal(ReplicaRows.Change(current.Units, previous.Units), ChangeOf(row, "units"));
            Assert.Equal(ReplicaRows.Change(current.Revenue, previous.Revenue), ChangeOf(row, "revenue"));
            Assert.Equal(ReplicaRows.Change(current.Orders, previous.Orders), ChangeOf(row, "orders"));
        }
    }

    [Theory]
    [InlineData("2025-06-01", "2025-08-31", "America/Chicago", "previous_period")]
    [InlineData("2026-01-01", "2026-06-30", "Europe/Paris", "previous_year")]
    public async Task CampaignsCarryEachOffersChangeAgainstTheComparedPeriod(string start, string end, string timezone, string compare)
    {
        var (from, to, zone) = (DateOnly.Parse(start), DateOnly.Parse(end), TimeZoneInfo.FindSystemTimeZoneById(timezone));
        var (previousFrom, previousTo) = Compared(from, to, compare);
        var orders = (await platform.ReadOrdersAsync()).Where(o => o.Counted).ToDictionary(o => o.Id);
        var audits = (await platform.ReadAuditsAsync()).Where(a => orders.ContainsKey(a.Order)).ToList();
        List<RawAudit> Redeemed(long offer, DateOnly first, DateOnly last) =>
            [.. audits.Where(a => a.Offer == offer && ReplicaRows.DayIn(a.Redeemed, zone) is var day && day >= first && day <= last)];
        long Counted(DateOnly first, DateOnly last) => orders.Values.Count(o => o.DayIn(zone) >= first && o.DayIn(zone) <= last);
        var (ordersNow, ordersThen) = (Counted(from, to), Counted(previousFrom, previousTo));

        using var http = platform.CreateReportingClient(platform.AdminToken());
        var report = await http.GetFromJsonAsync<JsonElement>(
            $"/api/reports/campaigns?startDate={start}&endDate={end}&timezone={timezone}&compare={compare}");

        Assert.Equal(compare, report.GetProperty("compare").GetString());
        var offers = report.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(offers, o => o.GetProperty("change").GetProperty("redemptions").GetProperty("previous").GetDecimal() > 0);
        foreach (var offer in offers)
        {
            var id = offer.GetProperty("offerId").GetInt64();
            var (now, then) = (Redeemed(id, from, to), Redeemed(id, previousFrom, previousTo));
            Assert.Equal(ReplicaRows.Change(now.Count, then.Count), ChangeOf(offer, "redemptions"));
            Assert.Equal(ReplicaRows.Change(now.Select(a => a.Customer).Distinct().Count(), then.Select(a => a.Customer).Distinct().Count()),
                ChangeOf(offer, "customers"));
            Assert.Equal(ReplicaRows.Change(Share(now.Count, ordersNow), Share(then.Count, ordersThen)), ChangeOf(offer, "redemptionRate"));
            var revenue = offer.GetProperty("change").GetProperty("amounts").EnumerateArray().ToDictionary(
                a => a.GetProperty("currency").GetString()!, a => a.GetProperty("revenue"));
            foreach (var currency in now.Concat(then).Select(a => orders[a.Order].Currency!).Distinct())
            {
                Assert.Equal(ReplicaRows.Change(now.Where(a => orders[a.Order].Currency == currency).Sum(a => orders[a.Order].Total),
                    then.Where(a => orders[a.Order].Currency == currency).Sum(a => orders[a.Order].Total)), Read(revenue[currency]));
            }
        }
    }

    private static decimal Share(long part, long whole) => whole == 0 ? 0 : Math.Round((decimal)part / whole, 4, MidpointRounding.AwayFromZero);

    private static (decimal, decimal, decimal, decimal?) ChangeOf(JsonElement row, string figure) => Read(row.GetProperty("change").GetProperty(figure));

    private static (decimal, decimal, decimal, decimal?) Read(JsonElement change) =>
        (change.GetProperty("current").GetDecimal(), change.GetProperty("previous").GetDecimal(), change.GetProperty("absolute").GetDecimal(),
         change.GetProperty("percent").ValueKind == JsonValueKind.Null ? null : change.GetProperty("percent").GetDecimal());
}
