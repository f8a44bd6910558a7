using System.Xml.Linq;
using Microsoft.Extensions.Options;
using Notifications.Worker.Templates;

namespace Notifications.Worker.Providers;

/// <summary>AWS SNS <c>Publish</c> of a transactional SMS to a phone number (Query API, form-encoded).</summary>
public sealed class SnsSmsClient(HttpClient http, IOptions<NotificationsOptions> options)
{
    public const string Service = "sns";

    /// <returns>SNS's message id (null if its answer had none).</returns>
    public async Task<string?> SendAsync(string phoneNumber, RenderedSms sms, CancellationToken ct)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("Action", "Publish"),
            new("Version", "2010-03-31"),
            new("Message", sms.Text),
            new("PhoneNumber", phoneNumber),
            new("MessageAttributes.entry.1.Name", "AWS.SNS.SMS.SMSType"),
            new("MessageAttributes.entry.1.Value.DataType", "String"),
            new("MessageAttributes.entry.1.Value.StringValue", "Transactional"),
        };
        if (!string.IsNullOrEmpty(options.Value.SmsSenderId))
        {
            form.Add(new("MessageAttributes.entry.2.Name", "AWS.SNS.SMS.SenderID"));
            form.Add(new("MessageAttributes.entry.2.Value.DataType", "String"));
            form.Add(new("MessageAttributes.entry.2.Value.StringValue", options.Value.SmsSenderId));
        }

        using var response = await ProviderCall.SendAsync(http, new HttpRequestMessage(HttpMethod.Post, "") { Content = new FormUrlEncodedContent(form) }, "aws-api", "SNS", "Publish", ct);
        if (!response.IsSuccessStatusCode)
        {
            throw await AwsCall.FailureAsync(response, ct);
        }

        // Accepted is accepted: an answer without the id must not make the message look failed (and be sent again).
        var body = await response.Content.ReadAsStringAsync(ct);
        return body.Contains("<MessageId>", StringComparison.Ordinal)
            ? XDocument.Parse(body).Descendants().First(e => e.Name.LocalName == "MessageId").Value
            : null;
    }
}
