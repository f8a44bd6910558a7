using System.Net;
using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AppHost.Infrastructure.Kafka;

/// <summary>A partition's offsets: <see cref="Low"/> the oldest kept, <see cref="High"/> the next to be written.</summary>
public sealed record KafkaPartitionOffsets(string Topic, int Partition, long Low, long High);

/// <summary>A consumer group's position on a partition: lag is what it has not committed yet (high − committed).</summary>
public sealed record KafkaGroupLag(string Group, string Topic, int Partition, long Committed, long High, long Lag);

public sealed record KafkaOverview(IReadOnlyList<KafkaPartitionOffsets> Partitions, IReadOnlyList<KafkaGroupLag> Groups);

/// <summary>A message as stored: key, headers and value as text (UTF-8).</summary>
public sealed record KafkaRecord(int Partition, long Offset, DateTime Timestamp, string? Key, IReadOnlyList<KeyValuePair<string, string>> Headers, string Value);

/// <summary>
/// The local Kafka page, served by the AppHost beside the mock cluster (in containers mode, kafka-ui shows the same):
/// topics with their partitions' offsets, the platform's consumer groups with their lag per partition, and a topic's
/// last messages. <c>/</c> and <c>/topics/{topic}</c> are pages; <c>/api/overview</c> and
/// <c>/api/topics/{topic}/messages</c> the same as JSON.
/// </summary>
public sealed class KafkaConsoleEndpoint(Func<string?> bootstrapServers, IReadOnlyList<string> consumerGroups) : LocalHttpEndpoint
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    protected override void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", async (CancellationToken ct) => TypedResults.Content(OverviewPage(await ReadOverviewAsync(ct)), "text/html"));
        app.MapGet("/api/overview", async (CancellationToken ct) => TypedResults.Ok(await ReadOverviewAsync(ct)));
        app.MapGet("/topics/{topic}", (string topic, int? count) => TypedResults.Content(MessagesPage(topic, ReadLastMessages(topic, count ?? 20)), "text/html"));
        app.MapGet("/api/topics/{topic}/messages", (string topic, int? count) => TypedResults.Ok(ReadLastMessages(topic, count ?? 20)));
    }

    public async Task<KafkaOverview> ReadOverviewAsync(CancellationToken ct)
    {
        var bootstrap = Bootstrap();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        using var consumer = Consumer(bootstrap);
        var partitions = admin.GetMetadata(Timeout).Topics
            .Where(t => !t.Topic.StartsWith("__", StringComparison.Ordinal) && !t.Error.IsError)
            .SelectMany(t => t.Partitions.Select(p =>
            {
                var offsets = consumer.QueryWatermarkOffsets(new TopicPartition(t.Topic, p.PartitionId), Timeout);
                return new KafkaPartitionOffsets(t.Topic, p.PartitionId, offsets.Low.Value, offsets.High.Value);
            }))
            .OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition)
            .ToList();

        var groups = new List<KafkaGroupLag>();
        foreach (var group in consumerGroups)
        {
            var committed = (await admin.ListConsumerGroupOffsetsAsync(
                    [new ConsumerGroupTopicPartitions(group, [.. partitions.Select(p => new TopicPartition(p.Topic, p.Partition))])],
                    new ListConsumerGroupOffsetsOptions { RequestTimeout = Timeout }).ConfigureAwait(false))
                .Single().Partitions.Where(p => p.Offset.Value >= 0).ToDictionary(p => (p.Topic, p.Partition.Value), p => p.Offset.Value);
            // The topics the group consumes: those it has committed on.
            var topics = committed.Keys.Select(k => k.Topic).ToHashSet();
            groups.AddRange(partitions.Where(p => topics.Contains(p.Topic)).Select(p =>
            {
                var position = committed.GetValueOrDefault((p.Topic, p.Partition), p.Low);
                return new KafkaGroupLag(group, p.Topic, p.Partition, position, p.High, Math.Max(0, p.High - position));
            }));
            ct.ThrowIfCancellationRequested();
        }

        return new KafkaOverview(partitions, groups);
    }

    /// <summary>The newest <paramref name="count"/> messages of the topic, across its partitions, newest first.</summary>
    public IReadOnlyList<KafkaRecord> ReadLastMessages(string topic, int count)
    {
        count = Math.Clamp(count, 1, 200);
        var bootstrap = Bootstrap();
        using var consumer = Consumer(bootstrap);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        var metadata = admin.GetMetadata(topic, Timeout).Topics.Single();
        if (metadata.Error.IsError)
        {
            return [];
        }

        var ends = metadata.Partitions
            .Select(p => (Partition: new TopicPartition(topic, p.PartitionId), Offsets: consumer.QueryWatermarkOffsets(new TopicPartition(topic, p.PartitionId), Timeout)))
            .Where(p => p.Offsets.High.Value > p.Offsets.Low.Value)
            .ToList();
        consumer.Assign(ends.Select(e => new TopicPartitionOffset(e.Partition, Math.Max(e.Offsets.Low.Value, e.Offsets.High.Value - count))));
        var expected = ends.Sum(e => Math.Min(count, e.Offsets.High.Value - e.Offsets.Low.Value));
        var records = new List<KafkaRecord>();
        var deadline = DateTime.UtcNow + Timeout;
        while (records.Count < expected && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message: { } message } result)
            {
                records.Add(new KafkaRecord(result.Partition.Value, result.Offset.Value, message.Timestamp.UtcDateTime, message.Key,
                    [.. message.Headers.Select(h => KeyValuePair.Create(h.Key, Encoding.UTF8.GetString(h.GetValueBytes())))],
                    message.Value is null ? "" : Encoding.UTF8.GetString(message.Value)));
            }
        }

        return [.. records.OrderByDescending(r => r.Timestamp).ThenByDescending(r => r.Offset).Take(count)];
    }

    private string Bootstrap() => bootstrapServers() ?? throw new InvalidOperationException("The Kafka cluster is not running.");

    /// <summary>A reader that never joins a group nor commits: assigned partitions only.</summary>
    private static IConsumer<string?, byte[]?> Consumer(string bootstrap) => new ConsumerBuilder<string?, byte[]?>(new ConsumerConfig
    {
        BootstrapServers = bootstrap,
        GroupId = "platform-kafka-page",
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
    }).Build();

    private static string OverviewPage(KafkaOverview overview)
    {
        var html = new StringBuilder(Header("Kafka"));
        html.Append("<h2>Topics</h2><table><tr><th>topic</th><th>partition</th><th>low</th><th>high</th><th>messages</th></tr>");
        foreach (var p in overview.Partitions)
        {
            html.Append($"""<tr><td><a href="/topics/{WebUtility.UrlEncode(p.Topic)}">{Encode(p.Topic)}</a></td><td>{p.Partition}</td><td>{p.Low}</td><td>{p.High}</td><td>{p.High - p.Low}</td></tr>""");
        }

        html.Append("</table><h2>Consumer groups</h2><table><tr><th>group</th><th>topic</th><th>partition</th><th>committed</th><th>high</th><th>lag</th></tr>");
        foreach (var g in overview.Groups)
        {
            html.Append($"<tr><td>{Encode(g.Group)}</td><td>{Encode(g.Topic)}</td><td>{g.Partition}</td><td>{g.Committed}</td><td>{g.High}</td><td>{g.Lag}</td></tr>");
        }

        return html.Append("</table></body></html>").ToString();
    }

    private static string MessagesPage(string topic, IReadOnlyList<KafkaRecord> records)
    {
        var html = new StringBuilder(Header($"Kafka: {topic}"));
        html.Append("""<p><a href="/">all topics</a></p><table><tr><th>time (UTC)</th><th>partition</th><th>offset</th><th>key</th><th>headers</th><th>value</th></tr>""");
        foreach (var r in records)
        {
            var headers = string.Join("<br>", r.Headers.Select(h => $"{Encode(h.Key)}: {Encode(h.Value)}"));
            html.Append($"<tr><td>{r.Timestamp:yyyy-MM-dd HH:mm:ss.fff}</td><td>{r.Partition}</td><td>{r.Offset}</td><td>{Encode(r.Key)}</td><td>{headers}</td><td><pre>{Encode(r.Value)}</pre></td></tr>");
        }

        return html.Append("</table></body></html>").ToString();
    }

    private const string Style =
        "body{font-family:sans-serif} table{border-collapse:collapse} td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top} pre{margin:0;white-space:pre-wrap;max-width:60em}";

    private static string Header(string title) => $"""
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{Encode(title)}</title><style>{Style}</style></head>
        <body><h1>{Encode(title)}</h1>
        """;

    private static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");
}
