using Microsoft.Extensions.Options;
using Notifications.Worker.Delivery;
using Notifications.Worker.Events;
using Notifications.Worker.Templates;

namespace Notifications.Worker.Tests;

public sealed class TemplateTests
{
    private static readonly OrderShipped Shipped = new(42, "2026112742", new Customer(7, "a@example.org", "Zoë", "fr-CA"), "UPS", "1Z42",
        DateTimeOffset.Parse("2026-11-28T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), new Uri("https://t.example.com/1Z42?a=1&b=2"));

    [Theory]
    [InlineData("fr-CA", "Commande 2026112742 expédiée")]
    [InlineData("fr", "Commande 2026112742 expédiée")]
    [InlineData("en-GB", "Order 2026112742 has shipped")]
    [InlineData("es-ES", "Order 2026112742 has shipped")]
    [InlineData("not a locale", "Order 2026112742 has shipped")]
    public async Task ALocaleFallsBackToItsLanguageThenToTheDefault(string locale, string subject)
    {
        var email = await Library().RenderEmailAsync(CommerceEvents.OrderShipped, locale, Shipped);

        Assert.Equal(subject, email.Subject);
    }

    [Fact]
    public async Task HtmlIsEncodedAndTextIsNot()
    {
        var email = await Library().RenderEmailAsync(CommerceEvents.OrderShipped, "en", Shipped);

        Assert.Contains("href=\"https://t.example.com/1Z42?a=1&amp;b=2\"", email.Html);
        Assert.Contains("(https://t.example.com/1Z42?a=1&b=2)", email.Text);
    }

    [Fact]
    public async Task AnSmsOverTheSegmentLimitIsATemplateError()
    {
        var sms = await Library(maxSegments: 1).RenderSmsAsync(CommerceEvents.OrderShipped, "en", Shipped);
        var longOrder = Shipped with { TrackingNumber = new string('9', 200) };

        Assert.Equal(1, sms.Segments);
        var failure = await Assert.ThrowsAsync<TemplateException>(() => Library(maxSegments: 1).RenderSmsAsync(CommerceEvents.OrderShipped, "en", longOrder));
        Assert.Contains("needs 2 segments", failure.Message);
    }

    [Fact]
    public async Task APushSpeaksTheDevicesLanguageAndItsDataIsJsonOfStringsWhateverTheValues()
    {
        var awkward = Shipped with { OrderNumber = "A\"1&<2>é", TrackingUrl = new Uri("https://t.example.com/1Z42?a=1&b=\"2\"") };

        var french = await Library().RenderPushAsync(CommerceEvents.OrderShipped, "fr-CA", Shipped);
        var english = await Library().RenderPushAsync(CommerceEvents.OrderShipped, "en-GB", awkward);

        Assert.Equal(("Votre commande est en route", "Commande 2026112742 expédiée par UPS. Touchez pour la suivre."), (french.Title, french.Body));
        Assert.Equal("https://shop.example.com/account/orders/2026112742", french.Data["link"]);
        Assert.Equal("A\"1&<2>é", english.Data["orderNumber"]);
        Assert.Equal("https://t.example.com/1Z42?a=1&b=\"2\"", english.Data["trackingUrl"]);
        Assert.Equal("Order A\"1&<2>é shipped with UPS. Tap to track it.", english.Body);
    }

    [Fact]
    public async Task OrderCreatedHasPushTemplatesReadyForWhenItsRouteIsSwitchedOn()
    {
        var created = new OrderCreated(42, "2026112742", Shipped.Customer, "EUR", 10m, 2m, 5m, 1234.5m, [], Shipped.ShippedAt);

        var push = await Library().RenderPushAsync(CommerceEvents.OrderCreated, "fr-CA", created);

        Assert.Equal(("Commande confirmée", "Merci ! Commande 2026112742, 1 234,50 EUR."), (push.Title, push.Body.Replace('\u202f', ' ').Replace('\u00a0', ' ')));
        Assert.Equal("https://shop.example.com/account/orders/2026112742", push.Data["link"]);
    }

    [Theory]
    [InlineData(160, 'a', 1)]
    [InlineData(161, 'a', 2)]
    [InlineData(306, 'a', 2)]
    [InlineData(307, 'a', 3)]
    [InlineData(80, '€', 1)]  // extension character: two septets each
    [InlineData(81, '€', 2)]
    [InlineData(70, 'ł', 1)]  // outside GSM-7: UCS-2
    [InlineData(71, 'ł', 2)]
    [InlineData(134, 'ł', 2)]
    [InlineData(135, 'ł', 3)]
    public void SegmentsAreCountedAsOperatorsBillThem(int length, char character, int segments) =>
        Assert.Equal(segments, SmsSegments.Count(new string(character, length)));

    [Fact]
    public void EveryRoutedEventHasDefaultLocaleTemplatesOrTheWorkerDoesNotStart()
    {
        var options = Options(2);
        options.Value.Routes["commerce.order.returned.v1"] = [NotificationChannel.Email];

        var failure = Assert.Throws<InvalidOperationException>(() => new TemplateLibrary(options));

        Assert.Contains("commerce.order.returned.v1/email.subject.en", failure.Message);
    }

    private static TemplateLibrary Library(int maxSegments = 2) => new(Options(maxSegments));

    private static IOptions<NotificationsOptions> Options(int maxSegments) => Microsoft.Extensions.Options.Options.Create(new NotificationsOptions
    {
        SmsMaxSegments = maxSegments,
        Routes = new()
        {
            [CommerceEvents.OrderCreated] = [NotificationChannel.Email, NotificationChannel.Sms],
            [CommerceEvents.OrderShipped] = [NotificationChannel.Email, NotificationChannel.Sms, NotificationChannel.Push],
            [CommerceEvents.PasswordResetRequested] = [NotificationChannel.Email],
        },
    });
}
