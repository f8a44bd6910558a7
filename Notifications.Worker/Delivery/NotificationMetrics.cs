using System.Diagnostics.Metrics;

namespace Notifications.Worker.Delivery;

/// <summary>The worker's own meter (exported by ServiceDefaults): what the alert rules in docs/ watch.</summary>
public sealed class NotificationMetrics
{
    private readonly Counter<long> _sent;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _duplicates;
    private readonly Histogram<double> _latency;

    public NotificationMetrics(IMeterFactory meters, IHostEnvironment environment)
    {
        var meter = meters.Create(environment.ApplicationName);
        _sent = meter.CreateCounter<long>("notifications.sent", "{message}", "Messages the provider accepted.");
        _retried = meter.CreateCounter<long>("notifications.retries", "{attempt}", "Send attempts retried after a transient failure.");
        _deadLettered = meter.CreateCounter<long>("notifications.dead_lettered", "{message}", "Events or channels written to the dead-letter topic.");
        _duplicates = meter.CreateCounter<long>("notifications.duplicates", "{message}", "Channels not sent again because the ledger already had them.");
        _latency = meter.CreateHistogram<double>("notifications.delivery.latency", "s", "From the event's Kafka timestamp to the provider accepting the message.");
    }

    public void Sent(NotificationChannel channel, TimeSpan sinceProduced)
    {
        _sent.Add(1, Tag(channel));
        _latency.Record(sinceProduced.TotalSeconds, Tag(channel));
    }

    public void Retried(NotificationChannel channel) => _retried.Add(1, Tag(channel));

    public void Duplicate(NotificationChannel channel) => _duplicates.Add(1, Tag(channel));

    public void DeadLettered(NotificationChannel? channel, string reasonCode) =>
        _deadLettered.Add(1, new KeyValuePair<string, object?>("channel", channel is { } c ? DeliveryLedger.Name(c) : "none"),
            new KeyValuePair<string, object?>("reason", reasonCode));

    private static KeyValuePair<string, object?> Tag(NotificationChannel channel) => new("channel", DeliveryLedger.Name(channel));
}
