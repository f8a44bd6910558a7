using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Platform.IntegrationTests;

[Collection(PlatformCollection.Name)]
public sealed class ReportingCampaignTests(PlatformFixture platform)
{
    private const string Store = "America/Chicago";

    [Theory]
    [InlineData("2024-11-01", "2026-10-31", "America/Chicago", null)]
    [InlineData("2025-11-15", "2025-12-31", "Europe/Paris", null)]
    [InlineData("2025-04-10", "2025-09-30", "Asia/Kolkata", null)] // bounds off the store's whole hours
    [InlineData("2025-01-01", "2025-12-31", "America/Chicago", 5L)]
    public async Task EveryCampaignFigureEqualsAComputationOverTheRawRows(string start, string end, string timezone, long? campaignId)
    {
        var raw = await ReadAsync();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timezone);
        bool InPeriod(DateTime storeTime) =>
            DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(storeTime, TimeZoneInfo.FindSystemTimeZoneById(Store), zone)) is var day
            && day >= DateOnly.Parse(start) && day <= DateOnly.Parse(end);
        var counted = raw.Orders.Values.Where(o => o.Status != "CANCELLED" && o.Submitted is { } s && InPeriod(s)).ToList();
        var audits = raw.Audits.Where(a => raw.Orders[a.Order].Status != "CANCELLED").ToList();
        var redeemed = audits.Where(a => InPeriod(a.Redeemed)).ToList();

        using var http = platform.CreateReportingClient(platform.AdminToken());
        var report = await http.GetFromJsonAsync<JsonElement>(
            $"/api/reports/campaigns?startDate={start}&endDate={end}&timezone={timezone}" + (campaignId is null ? "" : $"&campaignId={campaignId}"));

        Assert.Equal(counted.Count, report.GetProperty("ordersInPeriod").GetInt64());
        var items = report.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(raw.Offers.Where(o => campaignId is null || o == campaignId).Order(), items.Select(i => i.GetProperty("offerId").GetInt64()));
        Assert.Contains(items, i => i.GetProperty("redemptions").GetInt64() > 0);
        foreach (var item in items)
        {
            var offer = item.GetProperty("offerId").GetInt64();
            var mine = redeemed.Where(a => a.Offer == offer).ToList();
            Assert.Equal(mine.Count, item.GetProperty("redemptions").GetInt64());
            Assert.Equal(mine.Select(a => a.Customer).Distinct().Count(), item.GetProperty("customers").GetInt64());
            Assert.Equal(counted.Count == 0 ? 0m : Math.Round((decimal)mine.Count / counted.Count, 4), item.GetProperty("redemptionRate").GetDecimal());

            var amounts = mine.GroupBy(a => raw.Orders[a.Order].Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (g.Key, g.Sum(a => raw.Discounts.GetValueOrDefault((offer, a.Order))), g.Sum(a => raw.Orders[a.Order].Total)));
            Assert.Equal(amounts, item.GetProperty("amounts").EnumerateArray().Select(a =>
                (a.GetProperty("currency").GetString()!, a.GetProperty("discounts").GetDecimal(), a.GetProperty("revenue").GetDecimal())));

            foreach (var code in item.GetProperty("codes").EnumerateArray())
            {
                var id = code.GetProperty("codeId").GetInt64();
                Assert.Equal(redeemed.Count(a => a.Code == id), code.GetProperty("usesInPeriod").GetInt64());
                Assert.Equal(audits.Count(a => a.Code == id), code.GetProperty("usesToDate").GetInt64());
            }
        }
    }

    private sealed record RawOrder(string Status, string Currency, DateTime? Submitted, decimal Total);

    private sealed record Audit(long Offer, long Order, long Customer, long? Code, DateTime Redeemed);

    private async Task<(Dictionary<long, RawOrder> Orders, List<Audit> Audits, Dictionary<(long Offer, long Order), decimal> Discounts, List<long> Offers)> ReadAsync()
    {
        await using var connection = await platform.OpenReplicaAsync();
        var orders = (await connection.QueryAsync("SELECT order_id, order_status, currency_code, submit_date, order_total FROM blc_order",
            r => (Id: r.GetInt64(0), Order: new RawOrder(r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetDateTime(3), r.GetDecimal(4)))))
            .ToDictionary(o => o.Id, o => o.Order);
        var audits = await connection.QueryAsync("SELECT offer_id, order_id, customer_id, offer_code_id, redeemed_date FROM blc_offer_audit",
            r => new Audit(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.IsDBNull(3) ? null : r.GetInt64(3), r.GetDateTime(4)));
        var adjustments = await connection.QueryAsync("""
            SELECT order_id, offer_id, adjustment_value FROM blc_order_adjustment
            UNION ALL SELECT g.order_id, f.offer_id, f.adjustment_value FROM blc_fg_adjustment f, blc_fulfillment_group g WHERE g.fulfillment_group_id = f.fulfillment_group_id
            UNION ALL SELECT i.order_id, d.offer_id, d.adjustment_value * p.quantity FROM blc_order_item_dtl_adj d, blc_order_item_price_dtl p, blc_order_item i
                WHERE p.order_item_price_dtl_id = d.order_item_price_dtl_id AND i.order_item_id = p.order_item_id
            """, r => (Order: r.GetInt64(0), Offer: r.GetInt64(1), Value: r.GetDecimal(2)));
        var offers = await connection.QueryAsync("SELECT offer_id FROM blc_offer", r => r.GetInt64(0));
        var discounts = adjustments.GroupBy(a => (a.Offer, a.Order)).ToDictionary(g => g.Key, g => g.Sum(a => a.Value));
        return (orders, audits, discounts, offers);
    }
}
