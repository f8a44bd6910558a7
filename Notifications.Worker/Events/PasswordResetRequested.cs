namespace Notifications.Worker.Events;

/// <summary>A customer asked to reset their password: the link is single-use and expires.</summary>
public sealed record PasswordResetRequested(Customer Customer, Uri ResetUrl, DateTimeOffset ExpiresAt) : ICustomerEvent;
