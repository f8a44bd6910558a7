using Notifications.Worker.Delivery;
using Notifications.Worker.Events;

namespace Notifications.Worker;

/// <summary>Notifications settings (configuration section <c>Notifications</c>).</summary>
public sealed class NotificationsOptions
{
    public const string SectionName = "Notifications";

    public string[] Topics { get; set; } = [CommerceEvents.OrdersTopic, CommerceEvents.CustomersTopic];

    public string DeadLetterTopic { get; set; } = "notifications.dead-letter";

    /// <summary>Event type → the channels it goes to (an SMS only when the customer has a phone number).</summary>
    public Dictionary<string, NotificationChannel[]> Routes { get; set; } = [];

    /// <summary>The locale whose templates every other locale falls back to.</summary>
    public string DefaultLocale { get; set; } = "en";

    public string EmailFrom { get; set; } = "orders@shop.example.com";

    /// <summary>SES configuration set for delivery events; none when empty.</summary>
    public string? ConfigurationSet { get; set; }

    /// <summary>SNS <c>AWS.SNS.SMS.SenderID</c>; none when empty (not every country allows one).</summary>
    public string? SmsSenderId { get; set; }

    /// <summary>An SMS that needs more segments than this is a template error, not a bigger bill.</summary>
    public int SmsMaxSegments { get; set; } = 2;

    /// <summary>Retries after the first attempt for transient failures (throttling, 5xx, timeouts, network).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay; each next one doubles, with jitter.</summary>
    public int RetryBaseDelayMilliseconds { get; set; } = 200;

    /// <summary>SES sends per second (the account's quota); 0 for no limit.</summary>
    public int SesMaxSendsPerSecond { get; set; }

    /// <summary>SNS SMS per second (the account's quota); 0 for no limit.</summary>
    public int SnsMaxSendsPerSecond { get; set; }

    /// <summary>Bound on one provider call.</summary>
    public int SendTimeoutSeconds { get; set; } = 10;

    /// <summary>Events buffered per partition before the consumer pauses that partition.</summary>
    public int PartitionBuffer { get; set; } = 64;

    /// <summary>The claim that carries roles in the identity provider's tokens, and the role dead-letter replay requires.</summary>
    public string RoleClaim { get; set; } = "roles";

    public string AdminRole { get; set; } = "admin";

    /// <summary>On shutdown, how long in-flight events may take to finish; the rest is left uncommitted and redelivered.</summary>
    public int ShutdownGraceSeconds { get; set; } = 15;
}
