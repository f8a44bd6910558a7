using System.Text;
using Notifications.Worker.Delivery;
using Notifications.Worker.Events;

namespace Notifications.Worker.Tests;

public sealed class CommerceEventReaderTests
{
    private const string Customer = """{"customerId":7,"email":"secret.person@example.org","firstName":"Ada","locale":"en","phone":"+15555550199"}""";

    [Fact]
    public void AStructuredCloudEventBecomesItsTypedPayload()
    {
        var read = Assert.IsType<EventRead.Readable>(CommerceEventReader.Read(Envelope("commerce.customer.password-reset-requested.v1",
            $$"""{"customer":{{Customer}},"resetUrl":"https://shop.example.com/r?t=1","expiresAt":"2026-11-27T11:00:00Z"}""")));

        Assert.Equal(("e-1", CommerceEvents.PasswordResetRequested), (read.Event.Id, read.Event.Type));
        var reset = Assert.IsType<PasswordResetRequested>(read.Event.Payload);
        Assert.Equal("secret.person@example.org", reset.Customer.Email);
        Assert.Null(reset.Customer.LastName);
    }

    [Theory]
    [InlineData("not json at all", DeadLetterReasons.Malformed)]
    [InlineData("""{"specversion":"1.0","type":"commerce.order.created.v1","source":"/x","data":{}}""", DeadLetterReasons.Malformed)]
    [InlineData("""{"specversion":"0.3","id":"e-1","type":"commerce.order.created.v1","source":"/x","data":{}}""", DeadLetterReasons.Malformed)]
    [InlineData("""{"specversion":"1.0","id":"e-1","type":"commerce.order.lost.v1","source":"/x","data":{}}""", DeadLetterReasons.UnknownType)]
    [InlineData("""{"specversion":"1.0","id":"e-1","type":"commerce.order.created.v1","source":"/x"}""", DeadLetterReasons.InvalidPayload)]
    public void WhatCannotBeReadHasAReasonCode(string value, string reasonCode) =>
        Assert.Equal(reasonCode, Assert.IsType<EventRead.Unreadable>(CommerceEventReader.Read(Encoding.UTF8.GetBytes(value))).ReasonCode);

    [Theory]
    [InlineData($$"""{"customer":{"customerId":7,"firstName":"Ada","locale":"en"},"resetUrl":"https://s/r","expiresAt":"2026-11-27T11:00:00Z"}""", "email")]
    [InlineData($$"""{"customer":{{Customer}},"resetUrl":null,"expiresAt":"2026-11-27T11:00:00Z"}""", "resetUrl")]
    [InlineData($$"""{"customer":{{Customer}},"resetUrl":"https://s/r","expiresAt":"secret.person@example.org"}""", "expiresAt")]
    public void AMissingOrInvalidFieldIsNamedAndNoValueIsQuoted(string data, string field)
    {
        var unreadable = Assert.IsType<EventRead.Unreadable>(CommerceEventReader.Read(Envelope(CommerceEvents.PasswordResetRequested, data)));

        Assert.Equal(("e-1", CommerceEvents.PasswordResetRequested), (unreadable.Id, unreadable.Type));
        Assert.Equal(DeadLetterReasons.InvalidPayload, unreadable.ReasonCode);
        Assert.Contains(field, unreadable.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secret.person", unreadable.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("5555550199", unreadable.Reason, StringComparison.Ordinal);
    }

    private static byte[] Envelope(string type, string data) => Encoding.UTF8.GetBytes(
        $$"""{"specversion":"1.0","id":"e-1","type":"{{type}}","source":"/broadleaf/customer-service","datacontenttype":"application/json","data":{{data}}}""");
}
