using Microsoft.Extensions.Options;
using Notifications.Worker.Delivery;

namespace Notifications.Worker.Providers;

/// <summary>One <see cref="ProviderGuard"/> per provider, shared by every send to it.</summary>
public sealed class ProviderGuards
{
    public ProviderGuards(IOptions<NotificationsOptions> options, TimeProvider clock, NotificationMetrics metrics)
    {
        var o = options.Value;
        ProviderGuard Guard(string name, int quota) => new(
            name, o.MaxConcurrentSends, new ProviderBreaker(o.ProviderBreaker, clock), new AdaptiveSendRate(quota > 0 ? quota : null, clock), metrics, clock);

        Ses = Guard(SesEmailClient.Service, o.SesMaxSendsPerSecond);
        Sns = Guard(SnsSmsClient.Service, o.SnsMaxSendsPerSecond);
        Fcm = Guard(FcmPushClient.Service, o.Push.MaxSendsPerSecond);
        All = [Ses, Sns, Fcm];
        metrics.ObserveProviders(All);
    }

    public ProviderGuard Ses { get; }

    public ProviderGuard Sns { get; }

    public ProviderGuard Fcm { get; }

    public IReadOnlyList<ProviderGuard> All { get; }
}
