using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static Platform.IntegrationTests.CommerceEventsClient;

namespace Platform.IntegrationTests;

/// <summary>
/// Push notifications: order events through Kafka and the worker to the local FCM endpoint, with Google.Apis.Auth's real
/// service-account token exchange, to the devices registered through the device API or carried in the event.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class PushNotificationsTests(FaultsPlatformFixture platform) : IDisposable
{

    private readonly CancellationTokenSource _deadline = new(TimeSpan.FromSeconds(90));
    private readonly HttpClient _devices = platform.CreateServiceClient("notifications-worker",
        platform.Tokens().CreateToken("notifications-worker", [], ["devices"], TimeSpan.FromMinutes(5)));

    private readonly List<string> _tokens = [];

    private CancellationToken Deadline => _deadline.Token;

    [Fact]
    public async Task OrderShippedReachesEachDeviceOnceInItsLanguageWithTheDeepLinkAndTheSameEventAgainPushesNothing()
    {
        var customer = NewCustomer("fr-CA");
        var (android, ios) = (NewToken(), NewToken());
        await RegisterAsync(customer, android, "android", "fr-CA");
        await RegisterAsync(customer, ios, "ios", "fr-CA");
        var orderId = Random.Shared.NextInt64(100_000, 999_999);
        var shipped = Envelope(NewId(), Shipped, OrderShipped(orderId, customer, "1Z1"));

        await platform.PublishAsync(OrdersTopic, $"{orderId}", shipped);
        var first = (await platform.Fcm().WaitForPushesAsync(android, 1, Deadline)).Concat(await platform.Fcm().WaitForPushesAsync(ios, 1, Deadline)).ToList();
        // The same event again, then a marker behind it on the order's partition: once the marker is out, the copy was processed.
        await platform.PublishAsync(OrdersTopic, $"{orderId}", shipped);
        await platform.PublishAsync(OrdersTopic, $"{orderId}", Envelope(NewId(), Shipped, OrderShipped(orderId, customer, "1Z2")));
        await platform.Fcm().WaitForPushesAsync(android, 2, Deadline);
        await platform.Fcm().WaitForPushesAsync(ios, 2, Deadline);

        Assert.All(first, push =>
        {
            Assert.Equal("Votre commande est en route", push.Title);
            Assert.Equal($"Commande 20261127{orderId} expédiée par UPS. Touchez pour la suivre.", push.Body);
            Assert.Equal($"https://shop.example.com/account/orders/20261127{orderId}", push.Data["link"]);
            Assert.Equal($"20261127{orderId}", push.Data["orderNumber"]);
        });
        Assert.Equal("high", first[0].Message["android"]!["priority"]!.GetValue<string>());
        Assert.Equal("10", first[1].Message["apns"]!["headers"]!["apns-priority"]!.GetValue<string>());
        foreach (var token in new[] { android, ios })
        {
            Assert.Single(platform.Fcm().Messages, m => m.Token == token && m.Data["trackingUrl"].EndsWith("1Z1", StringComparison.Ordinal));
            Assert.Single(platform.Fcm().Messages, m => m.Token == token && m.Data["trackingUrl"].EndsWith("1Z2", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task ADeviceFcmCallsUnregisteredIsForgottenWhileTheOtherGetsItsPushAndNothingIsDeadLettered()
    {
        var customer = NewCustomer("en");
        var (gone, kept) = (NewToken(), NewToken());
        await RegisterAsync(customer, gone, "android", "en");
        var keptId = await RegisterAsync(customer, kept, "web", "en");
        platform.Fcm().FailToken(gone, 404);
        var id = NewId();

        var produced = await platform.PublishAsync(OrdersTopic, "4101", Envelope(id, Shipped, OrderShipped(4101, customer, "1Z4101")));
        var push = (await platform.Fcm().WaitForPushesAsync(kept, 1, Deadline)).Single();
        await platform.WaitForCommittedAsync([produced.TopicPartitionOffset], Deadline);

        var remaining = (await _devices.GetFromJsonAsync<JsonArray>($"/api/devices?customerId={customer["customerId"]}", Deadline))!;
        Assert.Equal([keptId], remaining.Select(d => d!["deviceId"]!.GetValue<string>()));
        Assert.Equal([404], platform.Fcm().Requests.Where(r => r.Token == gone).Select(r => r.Status));
        Assert.Equal("https://shop.example.com/account/orders/202611274101", push.Message["webpush"]!["fcm_options"]!["link"]!.GetValue<string>());
        Assert.DoesNotContain(await platform.ReadDeadLettersAsync(Deadline), d => d.Header("dlq-event-id") == id);
    }

    [Fact]
    public async Task TwoUnavailableAnswersAreRetriedAndThePushGoesOnceOnTheThirdAttempt()
    {
        var customer = NewCustomer("en");
        var token = NewToken();
        await RegisterAsync(customer, token, "android", "en");
        platform.Fcm().FailNext([503, 503]);

        await platform.PublishAsync(OrdersTopic, "4201", Envelope(NewId(), Shipped, OrderShipped(4201, customer, "1Z4201")));
        await platform.Fcm().WaitForPushesAsync(token, 1, Deadline);

        Assert.Equal([503, 503, 200], platform.Fcm().Requests.Where(r => r.Token == token).Select(r => r.Status));
        Assert.Single(platform.Fcm().Messages, m => m.Token == token);
    }

    [Fact]
    public async Task QuotaExceededWithRetryAfterHoldsTheNextAttemptAtLeastThatLong()
    {
        var customer = NewCustomer("en");
        var token = NewToken();
        await RegisterAsync(customer, token, "ios", "en");
        platform.Fcm().FailNext([429], retryAfter: TimeSpan.FromSeconds(2));

        await platform.PublishAsync(OrdersTopic, "4301", Envelope(NewId(), Shipped, OrderShipped(4301, customer, "1Z4301")));
        await platform.Fcm().WaitForPushesAsync(token, 1, Deadline);

        var attempts = platform.Fcm().Requests.Where(r => r.Token == token).ToList();
        Assert.Equal([429, 200], attempts.Select(r => r.Status));
        Assert.True(attempts[1].ReceivedAt - attempts[0].ReceivedAt >= TimeSpan.FromSeconds(2),
            $"The retry came {(attempts[1].ReceivedAt - attempts[0].ReceivedAt).TotalSeconds:F2} s after the 429.");
    }

    [Fact]
    public async Task AnAccessTokenRevokedMidRunIsRefreshedOnceAndNoPushIsLostOrDoubled()
    {
        // Devices carried in the events themselves: registered by the worker before it pushes.
        var customers = Enumerable.Range(0, 20).Select(_ => (Customer: NewCustomer("en"), Token: NewToken())).ToList();
        foreach (var (customer, token) in customers)
        {
            customer["devices"] = new JsonArray(new JsonObject { ["token"] = token, ["platform"] = "android" });
        }

        async Task ShipAsync(IEnumerable<(JsonObject Customer, string Token)> batch)
        {
            await platform.PublishManyAsync(OrdersTopic, batch.Select(c => ($"{c.Customer["customerId"]}", Envelope(NewId(), Shipped, OrderShipped(4400, c.Customer, "1Z4400")))));
            foreach (var (_, token) in batch)
            {
                await platform.Fcm().WaitForPushesAsync(token, 1, Deadline);
            }
        }

        await ShipAsync(customers[..10]);
        var (issued, expiredAt) = (platform.Fcm().TokensIssued, DateTimeOffset.UtcNow);
        platform.Fcm().ExpireAccessTokens();
        await ShipAsync(customers[10..]);

        Assert.Equal(issued + 1, platform.Fcm().TokensIssued);
        // FCM checks the bearer token before it reads the body: its 401s name no device.
        Assert.Contains(platform.Fcm().Requests, r => r.Status == 401 && r.Error == "UNAUTHENTICATED" && r.ReceivedAt >= expiredAt);
        Assert.All(customers, c => Assert.Single(platform.Fcm().Messages, m => m.Token == c.Token));
        var registered = (await _devices.GetFromJsonAsync<JsonArray>($"/api/devices?customerId={customers[0].Customer["customerId"]}", Deadline))!;
        Assert.Equal([("android", "en")], registered.Select(d => (d!["platform"]!.GetValue<string>(), d["locale"]!.GetValue<string>())));
    }

    [Fact]
    public async Task ASenderIdMismatchIsDeadLetteredForItsDeviceAndTheReplayPushesOnlyThatDevice()
    {
        var customer = NewCustomer("en");
        var (refused, delivered) = (NewToken(), NewToken());
        var refusedId = await RegisterAsync(customer, refused, "android", "en");
        await RegisterAsync(customer, delivered, "ios", "en");
        platform.Fcm().FailToken(refused, 403);
        var id = NewId();

        await platform.PublishAsync(OrdersTopic, "4501", Envelope(id, Shipped, OrderShipped(4501, customer, "1Z4501")));
        var deadLetter = await platform.WaitForDeadLetterAsync(d => d.Header("dlq-event-id") == id && d.Header("dlq-channel") == "push", Deadline);
        await platform.Fcm().WaitForPushesAsync(delivered, 1, Deadline);
        platform.Fcm().ClearFaults();
        using var admin = platform.CreateServiceClient("notifications-worker", platform.Tokens().CreateToken("notifications-worker", ["admin"], [], TimeSpan.FromMinutes(5)));
        (await admin.PostAsJsonAsync("/api/dead-letters/replay", new { eventId = id }, Deadline)).EnsureSuccessStatusCode();
        // A marker behind the replay on the order's partition: once both devices have it, the replay was processed.
        await platform.PublishAsync(OrdersTopic, "4501", Envelope(NewId(), Shipped, OrderShipped(4501, customer, "1Z4502")));
        await platform.Fcm().WaitForPushesAsync(refused, 2, Deadline);
        await platform.Fcm().WaitForPushesAsync(delivered, 2, Deadline);

        Assert.Equal("rejected", deadLetter.Header("dlq-reason-code"));
        Assert.Equal(refusedId, deadLetter.Header("dlq-device-id"));
        Assert.Contains("SENDER_ID_MISMATCH", deadLetter.Header("dlq-reason"), StringComparison.Ordinal);
        Assert.Equal("1", deadLetter.Header("dlq-attempts"));
        foreach (var token in new[] { refused, delivered })
        {
            Assert.Single(platform.Fcm().Messages, m => m.Token == token && m.Data["trackingUrl"].EndsWith("1Z4501", StringComparison.Ordinal));
        }
    }

    /// <returns>The device id the API names it by.</returns>
    private async Task<string> RegisterAsync(JsonObject customer, string token, string devicePlatform, string locale)
    {
        using var response = await _devices.PutAsJsonAsync("/api/devices",
            new { customerId = customer["customerId"]!.GetValue<long>(), token, platform = devicePlatform, locale }, Deadline);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Deadline))!["deviceId"]!.GetValue<string>();
    }

    private string NewToken()
    {
        var token = $"fcm-{Guid.NewGuid():N}:APA91b{Guid.NewGuid():N}";
        _tokens.Add(token);
        return token;
    }

    private static string NewId() => Guid.NewGuid().ToString();

    /// <summary>A registration token is personal data: whatever a test did, none reached the worker's log.</summary>
    public void Dispose()
    {
        _devices.Dispose();
        _deadline.Dispose();
        platform.AssertLogsHoldNone("notifications-worker", _tokens, "Push tokens");
    }
}
