namespace Notifications.Worker.Delivery;

/// <param name="Channel">The failed channel; null when the event itself could not be read.</param>
/// <param name="Reason">For an operator: never contact data.</param>
public sealed record DeadLetter(
    string ReasonCode, string Reason, NotificationChannel? Channel, string? EventId, string? EventType, int Attempts,
    DateTimeOffset FirstFailure, DateTimeOffset LastFailure);
