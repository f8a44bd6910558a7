using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Platform.IntegrationTests;

[Collection(PlatformCollection.Name)]
public sealed class ReportingDeliveryTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("2024-11-01", "2026-10-31", "America/Chicago")]
    [InlineData("2026-10-01", "2026-10-31", "Asia/Tokyo")]
    public async Task StatusesTypesAndSharesEqualACountOverTheRawRows(string start, string end, string timezone)
    {
        var groups = await SubmittedGroupsAsync(DateOnly.Parse(start), DateOnly.Parse(end), timezone);
        using var http = platform.CreateReportingClient(platform.AdminToken());

        var report = await http.GetFromJsonAsync<JsonElement>($"/api/reports/delivery?startDate={start}&endDate={end}&timezone={timezone}");

        Assert.Equal(groups.Count, report.GetProperty("totalGroups").GetInt64());
        var byStatus = report.GetProperty("byStatus").EnumerateArray()
            .ToDictionary(r => r.GetProperty("label").GetString()!, r => r.GetProperty("groups").GetInt64());
        Assert.Equal(
            groups.GroupBy(g => g.Status ?? "NOT_YET_FULFILLED").ToDictionary(g => g.Key, g => (long)g.Count()).OrderBy(p => p.Key),
            byStatus.OrderBy(p => p.Key));
        Assert.True(byStatus.ContainsKey("NOT_YET_FULFILLED"));
        var byType = report.GetProperty("byType").EnumerateArray()
            .ToDictionary(r => r.GetProperty("type").GetString()!, r => r.GetProperty("groups").GetInt64());
        Assert.Equal(groups.GroupBy(g => g.Type).ToDictionary(g => g.Key, g => (long)g.Count()).OrderBy(p => p.Key), byType.OrderBy(p => p.Key));
        Assert.Equal(Math.Round((decimal)groups.Count(g => g.Status == "DELIVERED") / groups.Count, 4),
            report.GetProperty("deliveredShare").GetDecimal());
        Assert.Equal(Math.Round((decimal)groups.Count(g => g.Status is "FULFILLED" or "SHIPPED" or "DELIVERED") / groups.Count, 4),
            report.GetProperty("fulfilledShare").GetDecimal());
    }

    private async Task<List<(string? Status, string Type)>> SubmittedGroupsAsync(DateOnly start, DateOnly end, string timezone)
    {
        var store = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timezone);
        await using var connection = await platform.OpenReplicaAsync();
        await using var command = new NpgsqlCommand(
            "SELECT fg.status, fg.type, o.submit_date FROM blc_fulfillment_group fg, blc_order o WHERE o.order_id = fg.order_id AND o.submit_date IS NOT NULL",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        var groups = new List<(string?, string)>();
        while (await reader.ReadAsync())
        {
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(reader.GetDateTime(2), store, zone));
            if (day >= start && day <= end)
            {
                groups.Add((reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetString(1)));
            }
        }

        return groups;
    }
}
