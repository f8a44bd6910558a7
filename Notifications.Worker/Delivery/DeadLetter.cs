namespace Notifications.Worker.Delivery;

/// <param name="Target">The failed channel (and push device); null when the event itself could not be read.</param>
/// <param name="Reason">For an operator: never contact data.</param>
public sealed record DeadLetter(
    string ReasonCode, string Reason, DeliveryTarget? Target, string? EventId, string? EventType, int Attempts,
    DateTimeOffset FirstFailure, DateTimeOffset LastFailure);
