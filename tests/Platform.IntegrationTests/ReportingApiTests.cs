using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AppHost.Security;
using Npgsql;

namespace Platform.IntegrationTests;

[Collection(PlatformCollection.Name)]
public sealed class ReportingApiTests(PlatformFixture platform)
{
    private const string Audience = ReportingClient.Audience;
    private const string OrderStatus = "/api/reports/orders/status?startDate=2025-01-01&endDate=2025-12-31";

    private DevelopmentTokenIssuer Tokens => platform.Tokens();

    private string AdminToken => platform.AdminToken();

    public static TheoryData<string, string> RefusedTokens => new()
    {
        { "no token", "" },
        { "not a JWT", "not-a-token" },
        { "alg none", Unsigned() },
        { "HS256 with a shared secret", SignedWithSharedSecret() },
        { "another issuer's key", new DevelopmentTokenIssuer().CreateToken(Audience, ["admin"], [], TimeSpan.FromMinutes(5)) },
    };

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task ABadOrMissingTokenIs401(string why, string token)
    {
        using var response = await GetAsync(OrderStatus, token);

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{why}: {response.StatusCode}");
    }

    [Fact]
    public async Task AnExpiredTokenIs401()
    {
        var expired = Tokens.CreateToken(Audience, ["admin"], [], TimeSpan.FromMinutes(10), issuedAt: DateTime.UtcNow.AddHours(-1));

        using var response = await GetAsync(OrderStatus, expired);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ATokenForAnotherServiceIs401()
    {
        using var response = await GetAsync(OrderStatus, Tokens.CreateToken("search-api", ["admin"], ["search"], TimeSpan.FromMinutes(5)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AValidTokenWithoutTheAdminRoleIs403()
    {
        using var response = await GetAsync(OrderStatus, Tokens.CreateToken(Audience, ["viewer"], ["search"], TimeSpan.FromMinutes(5)));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

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

    private static string Unsigned() =>
        $"{Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{Base64Url(Claims())}.";

    private static string SignedWithSharedSecret()
    {
        var unsigned = $"{Base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}")}.{Base64Url(Claims())}";
        var signature = System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes("a-shared-secret-that-is-long-enough-for-hs256"), Encoding.UTF8.GetBytes(unsigned));
        return $"{unsigned}.{Convert.ToBase64String(signature).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";
    }

    private static string Claims()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = DevelopmentTokenIssuer.Issuer, ["aud"] = Audience, ["sub"] = "mallory", ["roles"] = new[] { "admin" },
            ["iat"] = now, ["nbf"] = now, ["exp"] = now + 300,
        });
    }

    private static string Base64Url(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
