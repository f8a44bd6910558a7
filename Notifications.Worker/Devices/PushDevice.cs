using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace Notifications.Worker.Devices;

[JsonConverter(typeof(JsonStringEnumConverter<DevicePlatform>))]
public enum DevicePlatform
{
    [JsonStringEnumMemberName("android")]
    Android,

    [JsonStringEnumMemberName("ios")]
    Ios,

    [JsonStringEnumMemberName("web")]
    Web,
}

/// <summary>A customer's app installation that can get pushes. Its FCM registration token is personal data: never logged.</summary>
/// <param name="Locale">The app's language, which push templates follow (it may differ from the customer's).</param>
public sealed record PushDevice(long CustomerId, string Token, DevicePlatform Platform, string Locale, DateTimeOffset LastSeen)
{
    /// <summary>What the API names a device by: a digest of its token, so the token itself travels only once, in the body.</summary>
    public string DeviceId => IdOf(Token);

    public static string IdOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..32];
}
