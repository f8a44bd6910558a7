namespace Notifications.Worker.Delivery;

public enum NotificationChannel
{
    Email,
    Sms,
    Push,
}
