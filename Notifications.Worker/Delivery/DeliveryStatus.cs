namespace Notifications.Worker.Delivery;

/// <summary>How a <see cref="DeliveryTarget"/> of an event ended: the ledger's <c>status</c> values.</summary>
public static class DeliveryStatus
{
    public const string Sent = "sent";

    /// <summary>Nothing to send it to: no phone number, no push device.</summary>
    public const string Skipped = "skipped";

    public const string DeadLettered = "dead-lettered";

    /// <summary>The push device no longer exists (the app was uninstalled): it was forgotten, nothing is left to send.</summary>
    public const string Unregistered = "unregistered";

    /// <summary>Done for good; a dead letter only until it is replayed.</summary>
    public static bool IsFinal(string? status, bool replay) => status is Sent or Skipped or Unregistered || (status == DeadLettered && !replay);
}
