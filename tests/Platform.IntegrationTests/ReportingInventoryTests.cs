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

    [Fact]
    public async Task CsvCarriesTheSameRowsAsJson()
    {
        const string page = "/api/reports/inventory?sort=name&pageSize=200&page=2";
        using var http = platform.CreateReportingClient(platform.AdminToken());
        var json = (await http.GetFromJsonAsync<JsonElement>(page)).GetProperty("items").Deserialize<List<Row>>(Json)!;
        using var request = new HttpRequestMessage(HttpMethod.Get, page) { Headers = { { "Accept", "text/csv" } } };
        using var response = await http.SendAsync(request);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("skuId,name,productId,productName,categoryId,category,inventoryType,quantityAvailable,retailPrice,salePrice", lines[0]);
        Assert.Equal(json.Count, lines.Length - 1);
        Assert.Equal(json.Select(r => r.SkuId.ToString(System.Globalization.CultureInfo.InvariantCulture)), lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Equal(json.Select(r => r.QuantityAvailable?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""),
            lines.Skip(1).Select(l => SplitCsv(l)[7]));
    }

    /// <summary>Pages through a list report until the last page, checking the totals agree.</summary>
    private async Task<List<Row>> WalkAsync(string path)
    {
        using var http = platform.CreateReportingClient(platform.AdminToken());
        var rows = new List<Row>();
        for (var page = 1; page <= 1_000; page++)
        {
            var body = await http.GetFromJsonAsync<JsonElement>($"{path}&page={page}");
            var items = body.GetProperty("items").Deserialize<List<Row>>(Json)!;
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
