using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using Confluent.Kafka;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;

namespace ServiceDefaults.Kafka;

/// <summary>
/// Produce and consume spans (OpenTelemetry messaging conventions) with the W3C trace context and baggage
/// (which carries the correlation id) in the message headers, and counters for both directions.
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

    /// <summary>Starts a consumer span whose parent is the producer's context found in the message headers.</summary>
    public static Activity? StartConsume<TKey, TValue>(ConsumeResult<TKey, TValue> result, string consumerGroup)
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
        return activity;
    }
}
