using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Notifications.Worker.Templates;

namespace Notifications.Worker.Providers;

/// <summary>AWS SES v2 <c>SendEmail</c> (<c>POST /v2/email/outbound-emails</c>) with simple content: HTML and text.</summary>
public sealed class SesEmailClient(HttpClient http, IOptions<NotificationsOptions> options)
{
    public const string Service = "ses";

    /// <returns>SES's message id (null if its answer had none).</returns>
    public async Task<string?> SendAsync(string to, RenderedEmail email, string eventType, CancellationToken ct)
    {
        var body = new Dictionary<string, object?>
        {
            ["Content"] = new
            {
                Simple = new
                {
                    Subject = new { Data = email.Subject, Charset = "UTF-8" },
                    Body = new { Text = new { Data = email.Text, Charset = "UTF-8" }, Html = new { Data = email.Html, Charset = "UTF-8" } },
                },
            },
            ["FromEmailAddress"] = options.Value.EmailFrom,
            ["Destination"] = new { ToAddresses = new[] { to } },
            ["EmailTags"] = new[] { new { Name = "event", Value = eventType.Replace('.', '_') } },
        };
        if (!string.IsNullOrEmpty(options.Value.ConfigurationSet))
        {
            body["ConfigurationSetName"] = options.Value.ConfigurationSet;
        }

        using var response = await ProviderCall.SendAsync(http, new HttpRequestMessage(HttpMethod.Post, "v2/email/outbound-emails")
        {
            Content = JsonContent.Create(body, options: new JsonSerializerOptions()),
        }, "aws-api", "SESv2", "SendEmail", ct);
        if (!response.IsSuccessStatusCode)
        {
            throw await AwsCall.FailureAsync(response, ct);
        }

        // Accepted is accepted: an answer without the id must not make the message look failed (and be sent again).
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        return answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("MessageId", out var id) ? id.GetString() : null;
    }
}
