using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Platform.IntegrationTests;

[Collection(PlatformCollection.Name)]
public sealed class ReportingTopProductsTests(PlatformFixture platform)
{
    private sealed record Row(long SkuId, long? ProductId, string? Name, string? Currency, long Units, decimal Revenue, long Orders);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Theory]
    [InlineData("2025-01-01", "2025-12-31", "America/Chicago", null, 25)]
    [InlineData("2026-09-01", "2026-10-31", "Europe/Paris", "EUR", 7)]
    public async Task EveryPageTogetherEqualsAComputationOverTheRawItems(string start, string end, string timezone, string? currency, int pageSize)
    {
        var expected = (await SoldItemsAsync(DateOnly.Parse(start), DateOnly.Parse(end), timezone))
            .Where(i => currency is null || i.Currency == currency)
            .GroupBy(i => (i.SkuId, i.Currency))
            .Select(g => new Row(g.Key.SkuId, g.Max(i => i.ProductId), g.Max(i => i.Name), g.Key.Currency, g.Sum(i => (long)i.Quantity),
                g.Sum(i => i.Price * i.Quantity), g.Select(i => i.OrderId).Distinct().LongCount()))
            .OrderByDescending(r => r.Revenue).ThenBy(r => r.SkuId).ThenBy(r => r.Currency, StringComparer.Ordinal)
            .ToList();

        using var http = platform.CreateReportingClient(platform.AdminToken());
        var rows = new List<Row>();
        for (var page = 1; page < 1_000; page++)
        {
            var body = await http.GetFromJsonAsync<JsonElement>(
                $"/api/reports/sales/top-products?startDate={start}&endDate={end}&timezone={timezone}&pageSize={pageSize}&page={page}" +
                (currency is null ? "" : $"&currency={currency}"));
            Assert.Equal(expected.Count, body.GetProperty("totalCount").GetInt64());
            var items = body.GetProperty("items").Deserialize<List<Row>>(Json)!;
            rows.AddRange(items);
            if (items.Count < pageSize)
            {
                break;
            }
        }

        Assert.NotEmpty(expected);
        Assert.Equal(expected, rows);
    }

    private async Task<List<(long OrderId, long SkuId, long? ProductId, string? Name, string Currency, int Quantity, decimal Price)>> SoldItemsAsync(
        DateOnly start, DateOnly end, string timezone)
    {
        var store = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timezone);
        await using var connection = await platform.OpenReplicaAsync();
        await using var command = new NpgsqlCommand("""
            SELECT o.order_id, d.sku_id, d.product_id, i.name, o.currency_code, i.quantity, i.price, o.submit_date, o.order_status
            FROM blc_order_item i, blc_discrete_order_item d, blc_order o
            WHERE d.order_item_id = i.order_item_id AND o.order_id = i.order_id AND o.submit_date IS NOT NULL
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var items = new List<(long, long, long?, string?, string, int, decimal)>();
        while (await reader.ReadAsync())
        {
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(reader.GetDateTime(7), store, zone));
            if (day >= start && day <= end && reader.GetString(8) != "CANCELLED")
            {
                items.Add((reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.GetString(4), reader.GetInt32(5), reader.GetDecimal(6)));
            }
        }

        return items;
    }
}
