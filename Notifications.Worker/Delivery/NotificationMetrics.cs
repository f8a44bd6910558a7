using System.Diagnostics.Metrics;
using Notifications.Worker.Providers;

namespace Notifications.Worker.Delivery;

/// <summary>The worker's own meter (exported by ServiceDefaults): what the alert rules in docs/ watch.</summary>
public sealed class NotificationMetrics
{
    /// <summary>From milliseconds (a send) to minutes (an outage ridden out); the SDK's default buckets start at 5 s.</summary>
    private static readonly InstrumentAdvice<double> SecondsBuckets = new()
    {
        HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
    };

    private readonly Meter _meter;
    private readonly TimeProvider _clock;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _providerWaits;
    private readonly Counter<long> _devicesRemoved;
    private readonly Histogram<double> _latency;
    private readonly Histogram<double> _unrecorded;

    public NotificationMetrics(IMeterFactory meters, IHostEnvironment environment, TimeProvider clock)
    {
        _meter = meters.Create(environment.ApplicationName);
        _clock = clock;
        _sent = _meter.CreateCounter<long>("notifications.sent", "{message}", "Messages the provider accepted.");
        _retried = _meter.CreateCounter<long>("notifications.retries", "{attempt}", "Send attempts retried after a failure of the message's own (on the retry schedule).");
        _deadLettered = _meter.CreateCounter<long>("notifications.dead_lettered", "{message}", "Events or channels written to the dead-letter topic.");
        _duplicates = _meter.CreateCounter<long>("notifications.duplicates", "{message}", "Channels not sent again because the ledger already had them.");
        _providerWaits = _meter.CreateCounter<long>("notifications.provider.waits", "{attempt}",
            "Sends tried again without costing an attempt: the provider throttled, or was unavailable.");
        _devicesRemoved = _meter.CreateCounter<long>("notifications.push.devices_removed", "{device}",
            "Push devices forgotten because FCM called their token unregistered or invalid.");
        _latency = _meter.CreateHistogram("notifications.delivery.latency", "s", "From the event's Kafka timestamp to the provider accepting the message.",
            advice: SecondsBuckets);
        _unrecorded = _meter.CreateHistogram("notifications.ledger.unrecorded", "s",
            "From the provider accepting a message to its ledger row being written: the window in which a crash sends it twice.", advice: SecondsBuckets);
    }

    public void Sent(NotificationChannel channel, TimeSpan sinceProduced)
    {
        _sent.Add(1, Tag(channel));
        _latency.Record(sinceProduced.TotalSeconds, Tag(channel));
    }

    public void Recorded(TimeSpan sinceAccepted) => _unrecorded.Record(sinceAccepted.TotalSeconds);

    public void Retried(NotificationChannel channel) => _retried.Add(1, Tag(channel));

    public void Duplicate(NotificationChannel channel) => _duplicates.Add(1, Tag(channel));

    public void DeviceRemoved() => _devicesRemoved.Add(1);

    public void DeadLettered(NotificationChannel? channel, string reasonCode) =>
        _deadLettered.Add(1, new KeyValuePair<string, object?>("channel", channel is { } c ? DeliveryLedger.Name(c) : DeliveryTarget.NoChannel),
            new KeyValuePair<string, object?>("reason", reasonCode));

    public void ProviderWaited(string provider, string reason) =>
        _providerWaits.Add(1, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Each provider's availability and send rate, read at every scrape.</summary>
    public void ObserveProviders(IReadOnlyList<ProviderGuard> providers)
    {
        _meter.CreateObservableGauge("notifications.provider.unavailable", () => providers.Select(p =>
                new Measurement<double>(p.UnavailableSince is { } since ? (_clock.GetUtcNow() - since).TotalSeconds : 0, Provider(p))),
            "s", "How long the provider has been unavailable (sends waiting for it); 0 while it is available.");
        _meter.CreateObservableGauge("notifications.provider.send_rate_limit", () => providers
                .Select(p => (Guard: p, Limit: p.SendRateLimit))
                .Where(p => p.Limit is not null)
                .Select(p => new Measurement<double>(p.Limit!.Value, Provider(p.Guard))),
            "{message}/s", "Sends a second the worker allows itself: the quota, lowered while the provider throttles; absent when unlimited.");
    }

    private static KeyValuePair<string, object?> Provider(ProviderGuard guard) => new("provider", guard.Provider);

    private static KeyValuePair<string, object?> Tag(NotificationChannel channel) => new("channel", DeliveryLedger.Name(channel));
}
