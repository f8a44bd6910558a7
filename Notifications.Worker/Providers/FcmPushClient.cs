using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Notifications.Worker.Devices;
using Notifications.Worker.Templates;

namespace Notifications.Worker.Providers;

/// <summary>
/// FCM HTTP v1 <c>POST /v1/projects/{project}/messages:send</c> to one registration token, with the OAuth 2.0 access token
/// of <see cref="FcmCredentials"/>; a token refused before its time is refreshed and the send tried again once.
/// </summary>
public sealed class FcmPushClient(HttpClient http, FcmCredentials credentials, IOptions<NotificationsOptions> options, TimeProvider clock)
{
    public const string Service = "fcm";

    /// <returns>FCM's message name (<c>projects/{project}/messages/{id}</c>; null if its answer had none).</returns>
    public async Task<string?> SendAsync(PushDevice device, RenderedPush push, string eventType, CancellationToken ct)
    {
        var message = Message(device, push, eventType, options.Value.Push.TimeToLive, clock.GetUtcNow());
        for (var refreshed = false; ; refreshed = true)
        {
            var accessToken = await credentials.GetAsync(ct);
            var request = new HttpRequestMessage(HttpMethod.Post, $"v1/projects/{Uri.EscapeDataString(credentials.ProjectId!)}/messages:send")
            {
                Content = JsonContent.Create(message),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            using var response = await ProviderCall.SendAsync(http, request, "google-api", "FCM", "Send", ct);
            if (response.IsSuccessStatusCode)
            {
                // Accepted is accepted: an answer without the name must not make the message look failed (and be sent again).
                var answer = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
                return answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("name", out var name) ? name.GetString() : null;
            }

            var error = await FcmError.ReadAsync(response, clock, ct);
            if (error.AccessTokenRefused && !refreshed)
            {
                await credentials.RefreshAsync(accessToken, ct);
                continue;
            }

            throw error.ToException();
        }
    }

    /// <summary>
    /// The <c>{"message": ...}</c> body: the notification and data for every platform, and the options of the device's own
    /// platform (Android priority and TTL, APNs priority and expiration, web push TTL and click link).
    /// </summary>
    public static JsonObject Message(PushDevice device, RenderedPush push, string eventType, TimeSpan timeToLive, DateTimeOffset now)
    {
        var message = new JsonObject
        {
            ["token"] = device.Token,
            ["notification"] = new JsonObject { ["title"] = push.Title, ["body"] = push.Body },
            ["data"] = new JsonObject(push.Data.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value))),
            ["fcm_options"] = new JsonObject { ["analytics_label"] = eventType.Replace('.', '_') },
        };
        var seconds = (long)timeToLive.TotalSeconds;
        switch (device.Platform)
        {
            case DevicePlatform.Android:
                message["android"] = new JsonObject { ["priority"] = "high", ["ttl"] = $"{seconds}s" };
                break;
            case DevicePlatform.Ios:
                message["apns"] = new JsonObject
                {
                    ["headers"] = new JsonObject
                    {
                        ["apns-priority"] = "10",
                        ["apns-expiration"] = (now + timeToLive).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                    },
                    ["payload"] = new JsonObject { ["aps"] = new JsonObject { ["sound"] = "default" } },
                };
                break;
            case DevicePlatform.Web:
                var webpush = new JsonObject { ["headers"] = new JsonObject { ["TTL"] = seconds.ToString(CultureInfo.InvariantCulture), ["Urgency"] = "high" } };
                if (push.Data.TryGetValue("link", out var link) && link.StartsWith("https://", StringComparison.Ordinal))
                {
                    webpush["fcm_options"] = new JsonObject { ["link"] = link };
                }

                message["webpush"] = webpush;
                break;
        }

        return new JsonObject { ["message"] = message };
    }
}
