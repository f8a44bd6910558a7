using Notifications.Worker.Devices;
using ServiceDefaults.Logging;

namespace Notifications.Worker.Events;

/// <summary>A customer's app installation carried in an event.</summary>
/// <param name="Token">The FCM registration token: personal data, never logged.</param>
/// <param name="Locale">The app's language; the customer's when absent.</param>
public sealed record CustomerDevice([property: ContactData] string Token, DevicePlatform Platform, string? Locale = null);
