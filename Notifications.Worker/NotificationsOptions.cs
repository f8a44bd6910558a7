using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Notifications.Worker.Delivery;
using Notifications.Worker.Events;

namespace Notifications.Worker;

/// <summary>Notifications settings (configuration section <c>Notifications</c>); durations are <c>TimeSpan</c>s (<c>"00:00:30"</c>).</summary>
public sealed class NotificationsOptions : IValidatableObject
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

    /// <summary>
    /// A message's own transient failures (its send failed while the provider served others): the wait before each
    /// retry, so as many retries as entries. A retry waits in its key's lane only: other keys go on meanwhile. Empty means
    /// <see cref="DefaultRetrySchedule"/> (configuration binding appends to an array, so the default is not preset).
    /// </summary>
    public TimeSpan[] RetrySchedule { get; set; } = [];

    public static readonly TimeSpan[] DefaultRetrySchedule = [TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5)];

    /// <summary>How a provider failing across messages (SES or SNS down) is told from one message failing.</summary>
    public ProviderBreakerOptions ProviderBreaker { get; set; } = new();

    /// <summary>SES sends per second (the account's quota, the ceiling throttling lowers the rate from); 0 for none known.</summary>
    public int SesMaxSendsPerSecond { get; set; }

    /// <summary>SNS SMS per second (the account's quota); 0 for none known.</summary>
    public int SnsMaxSendsPerSecond { get; set; }

    /// <summary>Push through Firebase Cloud Messaging.</summary>
    public PushOptions Push { get; set; } = new();

    /// <summary>Sends in flight to one provider at once (beyond it they queue before the timeout starts).</summary>
    [Range(1, int.MaxValue)]
    public int MaxConcurrentSends { get; set; } = 64;

    /// <summary>Bound on one provider call.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Events of one partition being processed at once (different keys run concurrently); beyond it the partition pauses.</summary>
    [Range(1, int.MaxValue)]
    public int MaxInFlightPerPartition { get; set; } = 2000;

    /// <summary>The claim that carries roles in the identity provider's tokens, and the role dead-letter replay requires.</summary>
    public string RoleClaim { get; set; } = "roles";

    public string AdminRole { get; set; } = "admin";

    /// <summary>The OAuth2 scope the device API requires, in the claim <see cref="ScopeClaim"/> (Entra ID names it <c>scp</c>).</summary>
    public string DeviceScope { get; set; } = "devices";

    public string ScopeClaim { get; set; } = "scope";

    /// <summary>On shutdown, how long in-flight events may take to finish; the rest is left uncommitted and redelivered.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(15);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Routes.Count == 0)
        {
            yield return new ValidationResult("Notifications:Routes names no event type.", [nameof(Routes)]);
        }

        if (RetrySchedule.Any(wait => wait < TimeSpan.Zero))
        {
            yield return new ValidationResult("Notifications:RetrySchedule has a negative wait.", [nameof(RetrySchedule)]);
        }

        if (Routes.Values.Any(channels => channels.Contains(NotificationChannel.Push)) && string.IsNullOrWhiteSpace(Push.Credentials))
        {
            yield return new ValidationResult("Notifications:Push:Credentials is required: a route names the push channel.", [nameof(Push)]);
        }

        if (ProviderBreaker.DistinctFailingMessages <= 0 || ProviderBreaker.FirstProbeDelay <= TimeSpan.Zero
            || ProviderBreaker.MaxProbeDelay < ProviderBreaker.FirstProbeDelay)
        {
            yield return new ValidationResult("Notifications:ProviderBreaker is out of range.", [nameof(ProviderBreaker)]);
        }
    }
}

/// <summary>
/// A provider is unavailable once sends of <see cref="DistinctFailingMessages"/> different messages failed transiently
/// (network, timeout, 5xx) with no success in between. Then its sends wait, costing no attempts, and one probe goes
/// after <see cref="FirstProbeDelay"/>, doubling up to <see cref="MaxProbeDelay"/> while it keeps failing.
/// </summary>
public sealed class ProviderBreakerOptions
{
    public int DistinctFailingMessages { get; set; } = 3;

    public TimeSpan FirstProbeDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxProbeDelay { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Firebase Cloud Messaging (HTTP v1), the <c>push</c> channel.</summary>
public sealed class PushOptions
{
    /// <summary>
    /// The Google credential JSON: a service account key, or a workload identity federation configuration
    /// (<c>external_account</c>, no key). A secret: from a Kubernetes Secret (the manifest's <c>fcm-credentials</c>), never
    /// from source. Required when a route names the push channel.
    /// </summary>
    public string? Credentials { get; set; }

    /// <summary>The Firebase project; the service account's <c>project_id</c> when empty.</summary>
    public string? ProjectId { get; set; }

    /// <summary>How long FCM, APNs and web push keep a message for a device that is offline; after that it is dropped.</summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromDays(1);

    /// <summary>FCM sends per second (the project's quota); 0 for none known.</summary>
    public int MaxSendsPerSecond { get; set; }
}

/// <summary>Checks <see cref="NotificationsOptions"/> at start (generated from its annotations).</summary>
[OptionsValidator]
public sealed partial class NotificationsOptionsValidator : IValidateOptions<NotificationsOptions>;
