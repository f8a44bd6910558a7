using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;

namespace ServiceDefaults.Kafka;

/// <summary>
/// Produce and consume spans (OpenTelemetry messaging conventions) with the W3C trace context and baggage
/// (which carries the correlation id) in the message headers, counters for both directions, the processing time of each
/// consumed message, and each consumer group's lag per partition (from librdkafka's statistics).
/// </summary>
public static class KafkaTelemetry
{
    public const string ActivitySourceName = "Platform.Kafka";
    public const string MeterName = "Platform.Kafka";

    private static readonly ActivitySource Source = new(ActivitySourceName);
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Produced = Meter.CreateCounter<long>("platform.kafka.messages.produced", "{message}", "Messages acknowledged by the broker.");
    private static readonly Counter<long> ProduceFailures = Meter.CreateCounter<long>("platform.kafka.produce.failures", "{message}", "Messages the broker did not acknowledge.");
    private static readonly Counter<long> Consumed = Meter.CreateCounter<long>("platform.kafka.messages.consumed", "{message}", "Messages handed to the application.");
    private static readonly Histogram<double> ProcessDuration = Meter.CreateHistogram<double>("platform.kafka.process.duration", "s", "Time the application took to process one consumed message.");
    private static readonly ConcurrentDictionary<(string Group, string Topic, int Partition), long> Lags = new();
    private static readonly ObservableGauge<long> Lag = Meter.CreateObservableGauge("platform.kafka.consumer.lag", ObserveLags, "{message}",
        "Messages of a partition the consumer group has not consumed yet (high watermark minus committed offset), per librdkafka's last statistics.");
    /// <summary>W3C trace context and baggage, whatever propagator the host configured (the SDK default is a no-op).</summary>
    private static readonly TextMapPropagator Propagator = new CompositeTextMapPropagator([new TraceContextPropagator(), new BaggagePropagator()]);

    /// <summary>Starts a producer span and writes its context into <paramref name="headers"/>.</summary>
    public static Activity? StartProduce(string topic, Headers headers)
    {
        var activity = Source.StartActivity($"{topic} publish", ActivityKind.Producer);
        activity?.SetTag("messaging.system", "kafka");
        activity?.SetTag("messaging.destination.name", topic);
        activity?.SetTag("messaging.operation.type", "publish");
        var context = activity?.Context ?? Activity.Current?.Context ?? default;
        Propagator.Inject(new PropagationContext(context, Baggage.Current), headers, static (h, key, value) =>
        {
            h.Remove(key);
            h.Add(key, Encoding.UTF8.GetBytes(value));
        });
        return activity;
    }

    public static void RecordProduced(string topic, bool succeeded) =>
        (succeeded ? Produced : ProduceFailures).Add(1, new KeyValuePair<string, object?>("messaging.destination.name", topic));

    /// <summary>
    /// Starts a consumer span whose parent is the producer's context found in the message headers; disposing the scope
    /// ends the span and records the processing time.
    /// </summary>
    public static ConsumeScope StartConsume<TKey, TValue>(ConsumeResult<TKey, TValue> result, string consumerGroup)
    {
        var parent = Propagator.Extract(default, result.Message.Headers, static (h, key) =>
            h is not null && h.TryGetLastBytes(key, out var bytes) ? [Encoding.UTF8.GetString(bytes)] : []);
        Baggage.Current = parent.Baggage;
        var activity = Source.StartActivity($"{result.Topic} process", ActivityKind.Consumer, parent.ActivityContext);
        activity?.SetTag("messaging.system", "kafka");
        activity?.SetTag("messaging.destination.name", result.Topic);
        activity?.SetTag("messaging.operation.type", "process");
        activity?.SetTag("messaging.consumer.group.name", consumerGroup);
        activity?.SetTag("messaging.destination.partition.id", result.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        activity?.SetTag("messaging.kafka.offset", result.Offset.Value);
        Consumed.Add(1, new KeyValuePair<string, object?>("messaging.destination.name", result.Topic));
        return new ConsumeScope(activity, result.Topic, consumerGroup);
    }

    /// <summary>Keeps the lag per partition from a consumer's statistics (JSON, every <c>statistics.interval.ms</c>).</summary>
    public static void RecordStatistics(string consumerGroup, string statistics)
    {
        using var json = JsonDocument.Parse(statistics);
        if (!json.RootElement.TryGetProperty("topics", out var topics))
        {
            return;
        }

        foreach (var topic in topics.EnumerateObject())
        {
            foreach (var partition in topic.Value.GetProperty("partitions").EnumerateObject())
            {
                // Partition -1 is librdkafka's internal one; a lag of -1 means not known (not assigned, nothing committed yet).
                var id = int.Parse(partition.Name, System.Globalization.CultureInfo.InvariantCulture);
                var lag = partition.Value.TryGetProperty("consumer_lag", out var value) ? value.GetInt64() : -1;
                if (id >= 0 && lag >= 0)
                {
                    Lags[(consumerGroup, topic.Name, id)] = lag;
                }
                else
                {
                    Lags.TryRemove((consumerGroup, topic.Name, id), out _);
                }
            }
        }
    }

    private static IEnumerable<Measurement<long>> ObserveLags() => Lags.Select(l => new Measurement<long>(l.Value,
        new KeyValuePair<string, object?>("messaging.consumer.group.name", l.Key.Group),
        new KeyValuePair<string, object?>("messaging.destination.name", l.Key.Topic),
        new KeyValuePair<string, object?>("messaging.destination.partition.id", l.Key.Partition.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    /// <summary>One consumed message being processed: its span, and the clock for <c>platform.kafka.process.duration</c>.</summary>
    public sealed class ConsumeScope(Activity? activity, string topic, string consumerGroup) : IDisposable
    {
        private readonly long _started = Stopwatch.GetTimestamp();

        public Activity? Activity { get; } = activity;

        public void Dispose()
        {
            ProcessDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds,
                new KeyValuePair<string, object?>("messaging.destination.name", topic),
                new KeyValuePair<string, object?>("messaging.consumer.group.name", consumerGroup));
            Activity?.Dispose();
        }
    }
}
