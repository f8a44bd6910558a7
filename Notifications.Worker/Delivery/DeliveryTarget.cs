namespace Notifications.Worker.Delivery;

/// <summary>
/// What one ledger row is about for an event: a channel, and for push one device of the customer (each device gets the
/// message once, whatever the others did). Email and SMS go to the customer's one address: no device.
/// </summary>
public readonly record struct DeliveryTarget(NotificationChannel Channel, string DeviceId = "")
{
    /// <summary>A dead letter's channel when it belongs to none: the event itself was refused, before any channel.</summary>
    public const string NoChannel = "none";

    public string ChannelName => DeliveryLedger.Name(Channel);

    /// <summary><c>email</c>, <c>sms</c>, <c>push/{device id}</c>: how logs and the breaker name it (never a token).</summary>
    public override string ToString() => DeviceId.Length == 0 ? ChannelName : $"{ChannelName}/{DeviceId}";
}
