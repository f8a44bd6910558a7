using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using OpenTelemetry;
using ServiceDefaults.Kafka;
using ServiceDefaults.Logging;

namespace ServiceDefaults.Tests;

public sealed class KafkaTelemetryTests : IDisposable
{
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = s => s.Name == KafkaTelemetry.ActivitySourceName,
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    public KafkaTelemetryTests() => ActivitySource.AddActivityListener(_listener);

    [Fact]
    public void TheConsumerSpanContinuesTheProducersTraceAndCorrelationId()
    {
        Baggage.SetBaggage(CorrelationId.BaggageKey, "admin-ui-7f3a");
        var headers = new Headers();
        ActivityTraceId producedTrace;
        ActivitySpanId producerSpan;
        using (var produce = KafkaTelemetry.StartProduce("commerce.orders", headers))
        {
            producedTrace = produce!.TraceId;
            producerSpan = produce.SpanId;
        }

        Baggage.Current = default;
        var result = new ConsumeResult<string, byte[]>
        {
            Topic = "commerce.orders",
            Partition = 2,
            Offset = 41,
            Message = new Message<string, byte[]> { Key = "order-1", Value = [], Headers = headers },
        };
        using var consume = KafkaTelemetry.StartConsume(result, "notifications-worker");

        Assert.StartsWith($"00-{producedTrace}-{producerSpan}-", Encoding.UTF8.GetString(headers.GetLastBytes("traceparent")));
        Assert.Equal(producedTrace, consume.Activity!.TraceId);
        Assert.Equal(producerSpan, consume.Activity.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, consume.Activity.Kind);
        Assert.Equal("2", consume.Activity.GetTagItem("messaging.destination.partition.id"));
        Assert.Equal("admin-ui-7f3a", Baggage.GetBaggage(CorrelationId.BaggageKey));
    }

    public void Dispose() => _listener.Dispose();
}
