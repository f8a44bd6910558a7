using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Platform.IntegrationTests;

/// <summary>The worker's push-device API: registration is idempotent, bad fields are named, tokens never come back or reach a log.</summary>
[Collection(PlatformCollection.Name)]
public sealed class DevicesApiTests(PlatformFixture platform) : IDisposable
{
    private readonly CancellationTokenSource _deadline = new(TimeSpan.FromSeconds(60));
    private readonly HttpClient _devices = platform.CreateServiceClient("notifications-worker",
        platform.Tokens().CreateToken("notifications-worker", [], ["devices"], TimeSpan.FromMinutes(5)));

    private readonly string _token = $"fcm-{Guid.NewGuid():N}:APA91b{Guid.NewGuid():N}";

    private CancellationToken Deadline => _deadline.Token;

    [Fact]
    public async Task RegisteringTheSameTokenAgainRefreshesOneDeviceAndRemovingItForgetsIt()
    {
        var customerId = Random.Shared.NextInt64(1_000_000, 9_999_999);

        var first = await RegisterAsync(new { customerId, token = _token, platform = "android", locale = "en" });
        var second = await RegisterAsync(new { customerId, token = _token, platform = "Android", locale = "fr-CA" });
        var listed = (await _devices.GetFromJsonAsync<JsonArray>($"/api/devices?customerId={customerId}", Deadline))!;

        Assert.Equal(first["deviceId"]!.GetValue<string>(), second["deviceId"]!.GetValue<string>());
        var device = Assert.Single(listed)!;
        Assert.Equal("fr-CA", device["locale"]!.GetValue<string>());
        Assert.Equal("android", device["platform"]!.GetValue<string>());
        Assert.DoesNotContain(_token, listed.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_token, second.ToJsonString(), StringComparison.Ordinal);

        var deviceId = device["deviceId"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NoContent, (await _devices.DeleteAsync($"/api/devices/{deviceId}", Deadline)).StatusCode);
        Assert.Empty((await _devices.GetFromJsonAsync<JsonArray>($"/api/devices?customerId={customerId}", Deadline))!);
        Assert.Equal(HttpStatusCode.NotFound, (await _devices.DeleteAsync($"/api/devices/{deviceId}", Deadline)).StatusCode);
    }

    [Fact]
    public async Task ADeviceThatSignsInAsAnotherCustomerMovesToThem()
    {
        var (before, after) = (Random.Shared.NextInt64(1_000_000, 9_999_999), Random.Shared.NextInt64(1_000_000, 9_999_999));

        await RegisterAsync(new { customerId = before, token = _token, platform = "ios", locale = "en" });
        await RegisterAsync(new { customerId = after, token = _token, platform = "ios", locale = "en" });

        Assert.Empty((await _devices.GetFromJsonAsync<JsonArray>($"/api/devices?customerId={before}", Deadline))!);
        Assert.Single((await _devices.GetFromJsonAsync<JsonArray>($"/api/devices?customerId={after}", Deadline))!);
    }

    [Fact]
    public async Task EveryBadFieldIsNamed()
    {
        using var response = await _devices.PutAsJsonAsync("/api/devices", new { customerId = 0, token = "has spaces in it", platform = "windows", locale = "not a locale" }, Deadline);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>(Deadline))!;
        using var list = await _devices.GetAsync("/api/devices", Deadline);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["customerId", "locale", "platform", "token"], problem["errors"]!.AsObject().Select(e => e.Key).Order());
        Assert.Equal(HttpStatusCode.BadRequest, list.StatusCode);
        Assert.Contains("customerId", await list.Content.ReadAsStringAsync(Deadline), StringComparison.Ordinal);
    }

    private async Task<JsonObject> RegisterAsync(object device)
    {
        using var response = await _devices.PutAsJsonAsync("/api/devices", device, Deadline);
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"{(int)response.StatusCode}; the worker's last errors:\n{string.Join('\n', platform.LogsOf("notifications-worker").Where(l => l.Contains("\"Error\"", StringComparison.Ordinal)).TakeLast(2))}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Deadline))!;
    }

    /// <summary>A registration token is personal data: whatever a test did, none reached the worker's log.</summary>
    public void Dispose()
    {
        _devices.Dispose();
        _deadline.Dispose();
        platform.AssertLogsHoldNone("notifications-worker", [_token], "A push token");
    }
}
