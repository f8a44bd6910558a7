using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Platform.IntegrationTests;

[Collection(PlatformCollection.Name)]
public sealed class ReportingInventoryTests(PlatformFixture platform)
{
    private sealed record Row(long SkuId, string? Name, long? ProductId, string? ProductName, long? CategoryId, string? Category,
        string? InventoryType, int? QuantityAvailable, decimal? RetailPrice, decimal? SalePrice);

    private sealed record Cover(long SkuId, string? InventoryType, int? QuantityAvailable, long UnitsSold, decimal DailySellRate,
        decimal? DaysOfCover, decimal? SellThroughRate);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task EverySkuOfALiveProductIsReportedWithBroadleafsFallbacks()
    {
        var expected = await ExpectedInventoryAsync();

        var actual = await WalkAsync("/api/reports/inventory?sort=skuId&pageSize=500");

        Assert.Equal(expected.OrderBy(r => r.SkuId), actual);
        Assert.Contains(actual, r => r.InventoryType is null);
    }

    [Fact]
    public async Task WalkingEveryPageReturnsEveryRowOnceInTheRequestedOrder()
    {
        var all = await WalkAsync("/api/reports/inventory?sort=-quantity&pageSize=37");

        Assert.Equal(all.Count, all.Select(r => r.SkuId).Distinct().Count());
        Assert.Equal((await ExpectedInventoryAsync()).Count, all.Count);
        var quantities = all.Where(r => r.QuantityAvailable is not null).Select(r => r.QuantityAvailable!.Value).ToList();
        Assert.Equal(quantities.OrderDescending(), quantities);
        Assert.All(all.SkipWhile(r => r.QuantityAvailable is not null), r => Assert.Null(r.QuantityAvailable));
    }

    [Theory]
    [InlineData(null, 5)]
    [InlineData(0, 0)]
    [InlineData(20, 20)]
    public async Task LowStockIsCheckQuantitySkusAtOrBelowTheThresholdLowestFirst(int? threshold, int effective)
    {
        var expected = (await ExpectedInventoryAsync())
            .Where(r => r.InventoryType == "CHECK_QUANTITY" && (r.QuantityAvailable ?? 0) <= effective)
            .OrderBy(r => r.QuantityAvailable ?? int.MaxValue).ThenBy(r => r.SkuId)
            .ToList();

        var actual = await WalkAsync("/api/reports/inventory/low-stock?pageSize=500" + (threshold is null ? "" : $"&threshold={threshold}"));

        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(30, "2026-10-31", "America/Chicago")]
    [InlineData(7, "2026-06-15", "Asia/Tokyo")] // partial store days at both ends of the window
    public async Task CoverIsTheStockOverTheWindowsSellRate(int days, string endDate, string timezone)
    {
        var (last, zone) = (DateOnly.Parse(endDate), TimeZoneInfo.FindSystemTimeZoneById(timezone));
        var first = last.AddDays(1 - days);
        var orders = (await platform.ReadOrdersAsync()).Where(o => o.Counted && o.DayIn(zone) >= first && o.DayIn(zone) <= last).Select(o => o.Id).ToHashSet();
        var sold = (await platform.ReadItemsAsync()).Where(i => orders.Contains(i.Order)).GroupBy(i => i.Sku).ToDictionary(g => g.Key, g => (long)g.Sum(i => i.Quantity));

        var rows = await WalkAsync<Cover>($"/api/reports/inventory?sort=skuId&pageSize=500&days={days}&endDate={endDate}&timezone={timezone}");

        Assert.Contains(rows, r => r.UnitsSold > 0 && r.DaysOfCover is not null);
        Assert.Contains(rows, r => r.UnitsSold == 0 && r.InventoryType == "CHECK_QUANTITY");
        foreach (var row in rows)
        {
            var units = sold.GetValueOrDefault(row.SkuId);
            int? stock = row.InventoryType == "CHECK_QUANTITY" && row.QuantityAvailable is { } q ? Math.Max(0, q) : null;
            Assert.Equal(units, row.UnitsSold);
            Assert.Equal(Math.Round((decimal)units / days, 4, MidpointRounding.AwayFromZero), row.DailySellRate);
            // Stock ÷ daily rate; nothing sold (or stock not tracked) leaves it empty.
            Assert.Equal(units > 0 && stock is { } s ? Math.Round(s / ((decimal)units / days), 1, MidpointRounding.AwayFromZero) : null, row.DaysOfCover);
            Assert.Equal(stock is { } held && units + held > 0 ? Math.Round((decimal)units / (units + held), 4, MidpointRounding.AwayFromZero) : null,
                row.SellThroughRate);
        }
    }

    [Fact]
    public async Task LowStockSortsByDaysOfCoverMostUrgentFirstAndUnsoldLast()
    {
        const string Window = "days=90&endDate=2026-10-31&threshold=20";
        var byQuantity = await WalkAsync<Cover>($"/api/reports/inventory/low-stock?pageSize=500&{Window}");

        var byCover = await WalkAsync<Cover>($"/api/reports/inventory/low-stock?pageSize=7&sort=daysOfCover&{Window}");

        Assert.Contains(byCover, r => r.DaysOfCover is null);
        Assert.Contains(byCover, r => r.DaysOfCover > 0);
        Assert.Equal(byQuantity.OrderBy(r => r.DaysOfCover is null).ThenBy(r => r.DaysOfCover).ThenBy(r => r.SkuId), byCover);
        var descending = await WalkAsync<Cover>($"/api/reports/inventory/low-stock?pageSize=500&sort=-daysOfCover&{Window}");
        Assert.Equal(byQuantity.OrderBy(r => r.DaysOfCover is null).ThenByDescending(r => r.DaysOfCover).ThenBy(r => r.SkuId), descending);
    }

    [Fact]
    public async Task CsvCarriesTheSameRowsAsJson()
    {
        const string Page = "/api/reports/inventory?sort=name&pageSize=200&page=2";
        using var http = platform.CreateReportingClient(platform.AdminToken());
        var json = (await http.GetFromJsonAsync<JsonElement>(Page)).GetProperty("items").Deserialize<List<Row>>(Json)!;
        using var request = new HttpRequestMessage(HttpMethod.Get, Page) { Headers = { { "Accept", "text/csv" } } };
        using var response = await http.SendAsync(request);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("skuId,name,productId,productName,categoryId,category,inventoryType,quantityAvailable,retailPrice,salePrice,unitsSold,dailySellRate,daysOfCover,sellThroughRate", lines[0]);
        Assert.Equal(json.Count, lines.Length - 1);
        Assert.Equal(json.Select(r => r.SkuId.ToString(System.Globalization.CultureInfo.InvariantCulture)), lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Equal(json.Select(r => r.QuantityAvailable?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""),
            lines.Skip(1).Select(l => SplitCsv(l)[7]));
    }

    /// <summary>Pages through a list report until the last page, checking the totals agree.</summary>
    private Task<List<Row>> WalkAsync(string path) => WalkAsync<Row>(path);

    private async Task<List<T>> WalkAsync<T>(string path)
    {
        using var http = platform.CreateReportingClient(platform.AdminToken());
        var rows = new List<T>();
        for (var page = 1; page <= 1_000; page++)
        {
            var body = await http.GetFromJsonAsync<JsonElement>($"{path}&page={page}");
            var items = body.GetProperty("items").Deserialize<List<T>>(Json)!;
            rows.AddRange(items);
            if (items.Count < body.GetProperty("pageSize").GetInt32())
            {
                Assert.Equal(body.GetProperty("totalCount").GetInt64(), rows.Count);
                return rows;
            }
        }

        throw new InvalidOperationException("More than 1,000 pages.");
    }

    /// <summary>The effective values computed in .NET from the raw catalog tables.</summary>
    private async Task<List<Row>> ExpectedInventoryAsync()
    {
        await using var connection = await platform.OpenReplicaAsync();
        var skus = await connection.QueryAsync("SELECT sku_id, name, retail_price, sale_price, inventory_type, quantity_available, default_product_id, addl_product_id FROM blc_sku",
            r => (Id: r.GetInt64(0), Name: Text(r, 1), Retail: Dec(r, 2), Sale: Dec(r, 3), Type: Text(r, 4), Quantity: r.IsDBNull(5) ? (int?)null : r.GetInt32(5),
                Product: r.IsDBNull(6) ? (r.IsDBNull(7) ? (long?)null : r.GetInt64(7)) : r.GetInt64(6)));
        var products = (await connection.QueryAsync("SELECT product_id, default_sku_id, default_category_id, archived FROM blc_product",
            r => (Id: r.GetInt64(0), DefaultSku: r.GetInt64(1), Category: r.GetInt64(2), Archived: Text(r, 3)))).ToDictionary(p => p.Id);
        var categories = (await connection.QueryAsync("SELECT category_id, name, inventory_type FROM blc_category",
            r => (Id: r.GetInt64(0), Name: r.GetString(1), Type: Text(r, 2)))).ToDictionary(c => c.Id);
        var byId = skus.ToDictionary(s => s.Id);

        return skus
            .Where(s => s.Product is null || products[s.Product.Value].Archived != "Y")
            .Select(s =>
            {
                var product = products[s.Product!.Value];
                var defaultSku = byId[product.DefaultSku];
                var category = categories[product.Category];
                return new Row(s.Id, s.Name ?? defaultSku.Name, product.Id, defaultSku.Name, category.Id, category.Name,
                    s.Type ?? defaultSku.Type ?? category.Type, s.Quantity, s.Retail ?? defaultSku.Retail, s.Sale ?? defaultSku.Sale);
            })
            .ToList();
    }

    private static string? Text(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static decimal? Dec(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetDecimal(i);

    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
            else if (c == '"') { quoted = !quoted; }
            else if (c == ',' && !quoted) { fields.Add(field.ToString()); field.Clear(); }
            else { field.Append(c); }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
