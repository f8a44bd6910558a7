using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Platform.IntegrationTests;

[Collection(PlatformCollection.Name)]
public sealed class ReportingOrderStatusTests(PlatformFixture platform)
{
    private string AdminToken => platform.AdminToken();

    [Theory]
    [InlineData("2025-01-01", "2025-12-31", null)]
    [InlineData("2025-03-09", "2025-03-09", "America/Chicago")] // spring forward in the store's zone
    [InlineData("2025-11-01", "2025-11-02", "America/Chicago")] // fall back
    [InlineData("2024-12-31", "2025-01-01", "Asia/Tokyo")]
    [InlineData("2024-11-01", "2026-10-31", "Europe/Paris")]
    public async Task OrderStatusFiguresEqualAnIndependentComputationOverTheRows(string start, string end, string? timezone)
    {
        var query = $"/api/reports/orders/status?startDate={start}&endDate={end}" + (timezone is null ? "" : $"&timezone={timezone}");
        using var response = await GetAsync(query, AdminToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = (await response.Content.ReadFromJsonAsync<JsonElement>());

        var expected = await ExpectedOrderStatusAsync(DateOnly.Parse(start), DateOnly.Parse(end), timezone ?? "America/Chicago");
        var actual = report.GetProperty("items").EnumerateArray()
            .Select(i => (Status: i.GetProperty("status").GetString(), Currency: i.GetProperty("currency").GetString(),
                Orders: i.GetProperty("orders").GetInt64(), Subtotal: i.GetProperty("subtotal").GetDecimal(), Total: i.GetProperty("total").GetDecimal()))
            .ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
        Assert.Equal(timezone ?? "America/Chicago", report.GetProperty("timezone").GetString());
    }

    /// <summary>Reads the raw orders back and does the period arithmetic in .NET, independently of the service's SQL.</summary>
    private async Task<List<(string? Status, string? Currency, long Orders, decimal Subtotal, decimal Total)>> ExpectedOrderStatusAsync(
        DateOnly start, DateOnly end, string timezone)
    {
        var store = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timezone);
        await using var connection = await platform.OpenReplicaAsync();
        await using var command = new NpgsqlCommand("SELECT order_status, currency_code, submit_date, date_created, order_subtotal, order_total FROM blc_order", connection);
        var rows = new List<(string? Status, string? Currency, DateTime When, decimal Subtotal, decimal Total)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add((reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.IsDBNull(2) ? reader.GetDateTime(3) : reader.GetDateTime(2), reader.GetDecimal(4), reader.GetDecimal(5)));
            }
        }

        return rows
            .Where(r => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTime.SpecifyKind(r.When, DateTimeKind.Unspecified), store, zone)) is var day
                && day >= start && day <= end)
            .GroupBy(r => (r.Status, r.Currency))
            .OrderBy(g => g.Key.Status, StringComparer.Ordinal).ThenBy(g => g.Key.Currency, StringComparer.Ordinal)
            .Select(g => (g.Key.Status, g.Key.Currency, (long)g.Count(), g.Sum(r => r.Subtotal), g.Sum(r => r.Total)))
            .ToList();
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string token)
    {
        using var http = platform.CreateReportingClient(token);
        return await http.GetAsync(path);
    }
}
