using ServiceDefaults.Logging;

namespace Notifications.Worker.Events;

/// <summary>Who a notification goes to, as the publishing service knew them: contact data, never logged.</summary>
/// <param name="Locale">BCP 47 (<c>en-US</c>, <c>fr-FR</c>); templates fall back to the default locale.</param>
/// <param name="Phone">E.164 (<c>+15555550100</c>); no SMS without one.</param>
/// <param name="Devices">Push devices the publisher knows of: registered (or refreshed) before the push goes, beside those
/// registered through the device API.</param>
public sealed record Customer(
    long CustomerId,
    [property: ContactData] string Email,
    [property: ContactData] string FirstName,
    string Locale,
    [property: ContactData] string? Phone = null,
    [property: ContactData] string? LastName = null,
    IReadOnlyList<CustomerDevice>? Devices = null);
