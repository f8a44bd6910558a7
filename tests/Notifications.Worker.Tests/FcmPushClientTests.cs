using System.Diagnostics;
using System.Text.Json.Nodes;
using AppHost.Infrastructure.Fcm;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Notifications.Worker.Devices;
using Notifications.Worker.Providers;
using Notifications.Worker.Templates;

namespace Notifications.Worker.Tests;

/// <summary>
/// The FCM HTTP v1 client against the request shapes of Google's reference (Fixtures/fcm), and end to end with
/// Google.Apis.Auth's real service-account flow against the AppHost's local FCM endpoint: the token exchange, Google's
/// error answers and what each one means for the message.
/// </summary>
public sealed class FcmPushClientTests : IAsyncLifetime
{
    private static readonly RenderedPush Push = new("Your order is on its way", "Order 1001 shipped with UPS. Tap to track it.",
        new Dictionary<string, string> { ["orderNumber"] = "1001", ["link"] = "https://shop.example.com/account/orders/1001" });

    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-01T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private readonly LocalFcmAccount _account = new();
    private LocalFcmEndpoint _endpoint = null!;
    private FcmPushClient _client = null!;

    public async Task InitializeAsync()
    {
        _endpoint = new LocalFcmEndpoint(_account, NullLogger.Instance);
        await _endpoint.StartAsync(default);
        _client = Client(_account);
    }

    [Theory]
    [InlineData(DevicePlatform.Android, "message-android.json")]
    [InlineData(DevicePlatform.Ios, "message-ios.json")]
    [InlineData(DevicePlatform.Web, "message-web.json")]
    public void TheMessageHasGooglesDocumentedShapeWithThePlatformsOwnOptions(DevicePlatform platform, string fixture)
    {
        var device = new PushDevice(7, "bk3RNwTe3H0:CI2k_HHwgIpoDKCIZvvDMExUdFQ3P1", platform, "en", Now);

        var message = FcmPushClient.Message(device, Push, "commerce.order.shipped.v1", TimeSpan.FromDays(1), Now);

        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "fcm", fixture)));
        Assert.True(JsonNode.DeepEquals(expected, message), message.ToJsonString());
    }

    [Fact]
    public async Task ASendExchangesTheServiceAccountsAssertionForAnAccessTokenAndReturnsFcmsMessageName()
    {
        var name = await _client.SendAsync(Device("token-a"), Push, "commerce.order.shipped.v1", default);

        var received = Assert.Single(_endpoint.Messages);
        Assert.Equal(received.Name, name);
        Assert.StartsWith($"projects/{LocalFcmAccount.ProjectId}/messages/", name, StringComparison.Ordinal);
        Assert.Equal(("token-a", "Your order is on its way"), (received.Token, received.Title));
        Assert.Equal("https://shop.example.com/account/orders/1001", received.Data["link"]);
        Assert.Equal(1, _endpoint.TokensIssued);
    }

    [Fact]
    public async Task TheAccessTokenIsReusedAndOneRefusedBeforeItsTimeIsRefreshedOnceWithTheSendTriedAgain()
    {
        await _client.SendAsync(Device("token-a"), Push, "e", default);
        await _client.SendAsync(Device("token-b"), Push, "e", default);
        _endpoint.ExpireAccessTokens();

        await _client.SendAsync(Device("token-c"), Push, "e", default);

        Assert.Equal(2, _endpoint.TokensIssued);
        Assert.Equal([200, 200, 401, 200], _endpoint.Requests.Select(r => r.Status));
        Assert.Equal(["token-a", "token-b", "token-c"], _endpoint.Messages.Select(m => m.Token));
    }

    [Fact]
    public async Task AKeyGoogleDoesNotKnowIsRefusedAtTheTokenEndpointAsAPermanentFailure()
    {
        using var stranger = new LocalFcmAccount();

        var failure = await Assert.ThrowsAsync<ProviderException>(() => Client(stranger).SendAsync(Device("token-a"), Push, "e", default));

        Assert.False(failure.Transient);
        Assert.Contains("invalid_grant", failure.Code, StringComparison.Ordinal);
        Assert.Empty(_endpoint.Requests);
    }

    [Theory]
    [InlineData(404, true, false, false, "UNREGISTERED")]
    [InlineData(503, false, true, false, "UNAVAILABLE")]
    [InlineData(500, false, true, false, "INTERNAL")]
    [InlineData(429, false, true, true, "QUOTA_EXCEEDED")]
    [InlineData(403, false, false, false, "SENDER_ID_MISMATCH")]
    [InlineData(401, false, false, false, "THIRD_PARTY_AUTH_ERROR")]
    [InlineData(400, false, false, false, "INVALID_ARGUMENT")]
    public async Task EachFcmErrorMeansWhatGoogleDocuments(int status, bool recipientGone, bool transient, bool throttled, string code)
    {
        _endpoint.FailNext([status], retryAfter: TimeSpan.FromSeconds(2));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => _client.SendAsync(Device("token-a"), Push, "e", default));

        Assert.Equal((status, recipientGone, transient, throttled), (failure.Status!.Value, failure.RecipientGone, failure.Transient, failure.Throttled));
        Assert.StartsWith(code, failure.Code, StringComparison.Ordinal);
        Assert.Equal(transient ? TimeSpan.FromSeconds(2) : null, failure.RetryAfter);
        // A third-party auth error is FCM's own 401: no token refresh for it.
        Assert.Equal(1, _endpoint.TokensIssued);
    }

    [Fact]
    public async Task AnInvalidRegistrationTokenMeansTheDeviceIsGone()
    {
        var failure = await Assert.ThrowsAsync<ProviderException>(() => _client.SendAsync(Device(""), Push, "e", default));

        Assert.True(failure.RecipientGone);
        Assert.Equal(400, failure.Status);
    }

    [Fact]
    public async Task EachSendIsAClientSpanWithoutTheToken()
    {
        using var recorded = new WorkerSpans();

        await _client.SendAsync(Device("secret-token-value"), Push, "e", default);

        var span = Assert.Single(recorded.Stopped, s => s.DisplayName == "FCM.Send");
        Assert.Equal((ActivityKind.Client, "google-api"), (span.Kind, span.GetTagItem("rpc.system") as string));
        Assert.DoesNotContain(span.TagObjects, t => $"{t.Value}".Contains("secret-token-value", StringComparison.Ordinal));
    }

    private FcmPushClient Client(LocalFcmAccount account)
    {
        var options = Options.Create(new NotificationsOptions { Push = new PushOptions { Credentials = account.ServiceAccountJson(_endpoint.TokenUri) } });
        return new FcmPushClient(new HttpClient { BaseAddress = _endpoint.Url, Timeout = TimeSpan.FromSeconds(10) }, new FcmCredentials(options), options, TimeProvider.System);
    }

    private static PushDevice Device(string token) => new(7, token, DevicePlatform.Android, "en", Now);

    public async Task DisposeAsync()
    {
        await _endpoint.DisposeAsync();
        _account.Dispose();
    }
}
