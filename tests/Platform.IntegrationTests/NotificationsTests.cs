using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;
using Confluent.Kafka;
using static Platform.IntegrationTests.CommerceEventsClient;

namespace Platform.IntegrationTests;

/// <summary>Commerce events on Kafka through notifications-worker to the local SES/SNS endpoint.</summary>
[Collection(FaultsCollection.Name)]
public sealed class NotificationsTests(FaultsPlatformFixture platform) : IDisposable
{

    private readonly CancellationTokenSource _deadline = new(TimeSpan.FromSeconds(60));
    private readonly List<string> _contactData = [];

    private CancellationToken Deadline => _deadline.Token;

    [Fact]
    public async Task OrderCreatedSendsTheConfirmationByEmailAndSmsWithTheOrderFigures()
    {
        var customer = Customer("en-US");
        var orderId = Random.Shared.NextInt64(100_000, 999_999);
        await platform.PublishAsync(OrdersTopic, $"{orderId}", Envelope(NewId(), Created, OrderCreated(orderId, customer, 1234.5m)));

        var email = (await platform.Aws().WaitForMessagesAsync(Email(customer), 1, Deadline)).Single();
        var sms = (await platform.Aws().WaitForMessagesAsync(Phone(customer), 1, Deadline)).Single();

        Assert.Equal("ses", email.Service);
        Assert.Equal("orders@shop.example.com", email.From);
        Assert.Equal($"Order 20261127{orderId} confirmed", email.Subject);
        Assert.Contains("Total: 1,234.50 USD", email.Text);
        Assert.Contains("2 x Hot Sauce: 612.00 USD", email.Text);
        Assert.Contains("<strong>1,234.50 USD</strong>", email.Html);
        Assert.Equal("commerce_order_created_v1", email.Attributes["event"]);
        Assert.Equal("sns", sms.Service);
        Assert.Equal($"Shop: order 20261127{orderId} confirmed, total 1,234.50 USD. Thank you!", sms.Text);
        Assert.Equal("Transactional", sms.Attributes["AWS.SNS.SMS.SMSType"]);
    }

    [Fact]
    public async Task OrderShippedSpeaksTheCustomersLanguageAndFallsBackToTheDefault()
    {
        var french = Customer("fr-CA");
        var spanish = Customer("es-ES");
        await platform.PublishAsync(OrdersTopic, "501", Envelope(NewId(), Shipped, OrderShipped(501, french, "1Z999")));
        await platform.PublishAsync(OrdersTopic, "502", Envelope(NewId(), Shipped, OrderShipped(502, spanish, "1Z998")));

        var frenchEmail = (await platform.Aws().WaitForMessagesAsync(Email(french), 1, Deadline)).Single();
        var frenchSms = (await platform.Aws().WaitForMessagesAsync(Phone(french), 1, Deadline)).Single();
        var spanishEmail = (await platform.Aws().WaitForMessagesAsync(Email(spanish), 1, Deadline)).Single();

        Assert.Equal("Commande 20261127501 expédiée", frenchEmail.Subject);
        Assert.Contains("Numéro de suivi : 1Z999 (https://tracking.example.com/1Z999)", frenchEmail.Text);
        Assert.Equal("Shop : commande 20261127501 expédiée par UPS, suivi 1Z999.", frenchSms.Text);
        Assert.Equal("Order 20261127502 has shipped", spanishEmail.Subject);
    }

    [Fact]
    public async Task APasswordResetGoesByEmailOnlyAndAnOrderWithoutPhoneSendsNoSms()
    {
        var customer = Customer("en");
        var noPhone = Customer("en", withPhone: false);
        await platform.PublishAsync(CustomersTopic, $"{customer["customerId"]}", Envelope(NewId(), PasswordReset, PasswordResetRequested(customer)));
        await platform.PublishAsync(OrdersTopic, "601", Envelope(NewId(), Created, OrderCreated(601, noPhone, 20m)));
        // A marker on the same partitions, after both: once it is delivered, both events were processed.
        await platform.PublishAsync(CustomersTopic, $"{customer["customerId"]}", Envelope(NewId(), PasswordReset, PasswordResetRequested(noPhone)));
        await platform.PublishAsync(OrdersTopic, "601", Envelope(NewId(), Shipped, OrderShipped(601, customer, "1Z1")));

        await platform.Aws().WaitForMessagesAsync(Email(noPhone), 2, Deadline);
        await platform.Aws().WaitForMessagesAsync(Phone(customer), 1, Deadline);

        var reset = platform.Aws().Messages.Where(m => m.To.Contains(Email(customer))).ToList();
        Assert.Contains(reset, m => m.Subject == "Reset your password" && m.Text!.Contains("https://shop.example.com/reset?token=abc", StringComparison.Ordinal));
        // The customer's only SMS is the shipping notice: the password reset went by email alone.
        var sms = Assert.Single(platform.Aws().Messages, m => m.To.Contains(Phone(customer)));
        Assert.Equal("Shop: order 20261127601 shipped with UPS, tracking 1Z1.", sms.Text);
        Assert.Single(platform.Aws().Requests, r => r.Recipient == Phone(customer));
    }

    [Fact]
    public async Task TwoTransientFailuresAreRetriedAndTheEmailGoesOnceOnTheThirdAttempt()
    {
        var customer = Customer("en");
        platform.Aws().FailNext("ses", [503, 503]);
        await platform.PublishAsync(OrdersTopic, "701", Envelope(NewId(), Created, OrderCreated(701, customer, 50m)));

        await platform.Aws().WaitForMessagesAsync(Email(customer), 1, Deadline);
        await platform.Aws().WaitForMessagesAsync(Phone(customer), 1, Deadline);

        Assert.Equal([503, 503, 200], platform.Aws().Requests.Where(r => r.Recipient == Email(customer)).Select(r => r.Status));
        Assert.Single(platform.Aws().Messages, m => m.To.Contains(Email(customer)));
    }

    [Fact]
    public async Task AProviderThatKeepsFailingDeadLettersTheChannelAfterFourAttemptsAndTheNextEventOfTheOrderStillGoes()
    {
        var customer = Customer("en");
        var failing = NewId();
        platform.Aws().FailNext("ses", [503, 503, 503, 503]);
        await platform.PublishAsync(OrdersTopic, "801", Envelope(failing, Created, OrderCreated(801, customer, 80m)));
        var next = await platform.PublishAsync(OrdersTopic, "801", Envelope(NewId(), Shipped, OrderShipped(801, customer, "1Z801")));

        var deadLetter = await platform.WaitForDeadLetterAsync(d => d.Header("dlq-event-id") == failing, Deadline);
        var delivered = await platform.Aws().WaitForMessagesAsync(Email(customer), 1, Deadline);

        Assert.Equal("retries-exhausted", deadLetter.Header("dlq-reason-code"));
        Assert.Equal("email", deadLetter.Header("dlq-channel"));
        Assert.Equal("4", deadLetter.Header("dlq-attempts"));
        Assert.Equal(OrdersTopic, deadLetter.Header("dlq-original-topic"));
        Assert.True(DateTimeOffset.Parse(deadLetter.Header("dlq-last-failure")!) > DateTimeOffset.Parse(deadLetter.Header("dlq-first-failure")!));
        Assert.Equal("801", deadLetter.Message.Key);
        Assert.Contains(failing, Encoding.UTF8.GetString(deadLetter.Message.Value));
        Assert.Equal(["Order 20261127801 has shipped"], delivered.Select(m => m.Subject));
        // The failed event's SMS is its own channel: it went.
        Assert.Contains(platform.Aws().Messages, m => m.To.Contains(Phone(customer)) && m.Text!.Contains("confirmed", StringComparison.Ordinal));
        await platform.WaitForCommittedAsync([next.TopicPartitionOffset], Deadline);
    }

    [Fact]
    public async Task ARejectedSmsIsDeadLetteredWithoutRetries()
    {
        var customer = Customer("en");
        var id = NewId();
        platform.Aws().FailNext("sns", [400]);
        await platform.PublishAsync(OrdersTopic, "901", Envelope(id, Created, OrderCreated(901, customer, 90m)));

        var deadLetter = await platform.WaitForDeadLetterAsync(d => d.Header("dlq-event-id") == id, Deadline);

        Assert.Equal("rejected", deadLetter.Header("dlq-reason-code"));
        Assert.Equal("sms", deadLetter.Header("dlq-channel"));
        Assert.Equal("1", deadLetter.Header("dlq-attempts"));
        Assert.Single(platform.Aws().Requests, r => r.Recipient == Phone(customer));
    }

    [Theory]
    [InlineData("{ not json", "malformed")]
    [InlineData("""{"specversion":"1.0","id":"x1","type":"commerce.order.returned.v1","source":"/broadleaf","data":{}}""", "unknown-type")]
    [InlineData("""{"specversion":"1.0","id":"x2","type":"commerce.order.created.v1","source":"/broadleaf","datacontenttype":"application/json","data":{"orderId":1}}""", "invalid-payload")]
    public async Task AnEventThatCannotBeReadIsDeadLetteredAtOnce(string value, string reasonCode)
    {
        var key = NewId();
        var produced = await platform.PublishAsync(OrdersTopic, key, value);

        var deadLetter = await platform.WaitForDeadLetterAsync(d => d.Message.Key == key, Deadline);

        Assert.Equal(reasonCode, deadLetter.Header("dlq-reason-code"));
        Assert.Equal("none", deadLetter.Header("dlq-channel"));
        Assert.Equal("0", deadLetter.Header("dlq-attempts"));
        Assert.Equal(value, Encoding.UTF8.GetString(deadLetter.Message.Value));
        Assert.Equal($"{produced.Offset.Value}", deadLetter.Header("dlq-original-offset"));
        await platform.WaitForCommittedAsync([produced.TopicPartitionOffset], Deadline);
    }

    [Fact]
    public async Task TheSameEventPublishedTwiceIsSentOncePerChannel()
    {
        var customer = Customer("en");
        var envelope = Envelope(NewId(), Created, OrderCreated(1001, customer, 10m));
        await platform.PublishAsync(OrdersTopic, "1001", envelope);
        await platform.PublishAsync(OrdersTopic, "1001", envelope);
        await platform.PublishAsync(OrdersTopic, "1001", Envelope(NewId(), Shipped, OrderShipped(1001, customer, "1Z1001")));

        // The shipping notice comes after both copies on the partition: once it is there, both were processed.
        await platform.Aws().WaitForMessagesAsync(Email(customer), 2, Deadline);
        await platform.Aws().WaitForMessagesAsync(Phone(customer), 2, Deadline);

        Assert.Single(platform.Aws().Messages, m => m.To.Contains(Email(customer)) && m.Subject!.Contains("confirmed", StringComparison.Ordinal));
        Assert.Single(platform.Aws().Messages, m => m.To.Contains(Phone(customer)) && m.Text!.Contains("confirmed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AReplayedDeadLetterIsDeliveredOnceAndReplayingAgainSendsNothingMore()
    {
        var customer = Customer("en");
        var id = NewId();
        platform.Aws().FailNext("ses", [503, 503, 503, 503]);
        await platform.PublishAsync(OrdersTopic, "1101", Envelope(id, Created, OrderCreated(1101, customer, 11m)));
        await platform.WaitForDeadLetterAsync(d => d.Header("dlq-event-id") == id, Deadline);
        using var admin = WorkerClient(platform.Tokens().CreateToken("notifications-worker", ["admin"], [], TimeSpan.FromMinutes(5)));

        var listed = (await admin.GetFromJsonAsync<JsonArray>($"/api/dead-letters?eventId={id}", Deadline))!;
        var first = await ReplayAsync(admin, id);
        await platform.Aws().WaitForMessagesAsync(Email(customer), 1, Deadline);
        var second = await ReplayAsync(admin, id);
        // A marker behind the second replay on the same partition: once it is out, the replay was processed.
        await platform.PublishAsync(OrdersTopic, "1101", Envelope(NewId(), Shipped, OrderShipped(1101, customer, "1Z1101")));
        await platform.Aws().WaitForMessagesAsync(Email(customer), 2, Deadline);

        Assert.Equal("retries-exhausted", listed.Single()!["reasonCode"]!.GetValue<string>());
        Assert.Equal("email", listed.Single()!["channel"]!.GetValue<string>());
        Assert.Equal((1, 1), (first, second));
        Assert.Single(platform.Aws().Messages, m => m.To.Contains(Email(customer)) && m.Subject!.Contains("confirmed", StringComparison.Ordinal));
        Assert.Single(platform.Aws().Messages, m => m.To.Contains(Phone(customer)) && m.Text!.Contains("confirmed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeadLettersAreForAdminsAndReplayNeedsAFilter()
    {
        using var anonymous = WorkerClient("");
        using var notAdmin = WorkerClient(platform.Tokens().CreateToken("notifications-worker", [], ["search"], TimeSpan.FromMinutes(5)));
        using var admin = WorkerClient(platform.Tokens().CreateToken("notifications-worker", ["admin"], [], TimeSpan.FromMinutes(5)));

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/dead-letters", Deadline)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await notAdmin.PostAsJsonAsync("/api/dead-letters/replay", new { eventId = "x" }, Deadline)).StatusCode);
        using var unfiltered = await admin.PostAsJsonAsync("/api/dead-letters/replay", new { }, Deadline);
        Assert.Equal(HttpStatusCode.BadRequest, unfiltered.StatusCode);
        Assert.Contains("eventId", await unfiltered.Content.ReadAsStringAsync(Deadline));
    }

    private HttpClient WorkerClient(string token) => platform.CreateServiceClient("notifications-worker", token);

    private async Task<int> ReplayAsync(HttpClient admin, string eventId)
    {
        using var response = await admin.PostAsJsonAsync("/api/dead-letters/replay", new { eventId }, Deadline);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Deadline))!["replayed"]!.GetValue<int>();
    }

    private JsonObject Customer(string locale, bool withPhone = true)
    {
        var customer = NewCustomer(locale, withPhone);
        _contactData.Add(Email(customer));
        if (withPhone)
        {
            _contactData.Add(Phone(customer));
        }

        return customer;
    }

    private static string Email(JsonObject customer) => customer["email"]!.GetValue<string>();

    private static string Phone(JsonObject customer) => customer["phone"]!.GetValue<string>();

    private static string NewId() => Guid.NewGuid().ToString();

    /// <summary>Whatever a test did, the worker never wrote its customers' emails or phone numbers to a log line.</summary>
    public void Dispose()
    {
        _deadline.Dispose();
        platform.AssertLogsHoldNone("notifications-worker", _contactData, "Contact data");
    }
}
