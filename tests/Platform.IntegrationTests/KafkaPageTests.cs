using System.Net.Http.Json;
using System.Text.Json;
using AppHost.Broadleaf;
using AppHost.Infrastructure.Kafka;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.IntegrationTests;

/// <summary>The local Kafka page the dashboard links to: topics, the services' consumer groups and their lag, messages.</summary>
[Collection(PlatformCollection.Name)]
public sealed class KafkaPageTests(PlatformFixture platform)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ItListsThePlatformTopicsAndTheServicesGroupsWithTheLagAPlainClientComputes()
    {
        // The indexer commits once it has consumed a product event: then both services' groups have a position.
        await SampleAsync("sample-product-changed");
        using var http = new HttpClient { BaseAddress = Page().Url };
        // Messages may still be flowing: compare only with a computation that did not change around the page's.
        var settled = await Eventually.ValueAsync(async () =>
        {
            var before = await PlainLagAsync();
            var overview = (await http.GetFromJsonAsync<KafkaOverview>("/api/overview", JsonSerializerOptions.Web))!;
            return (Before: before, Overview: overview, Still: before.SequenceEqual(await PlainLagAsync()));
        }, read => read.Still && read.Before.Select(l => l.Group).Distinct().Count() == PlatformTopics.ConsumerGroups.Count,
            "Kafka holding still long enough to compare, with both services' groups", Deadline);
        var (before, overview) = (settled.Before, settled.Overview);

        Assert.All(PlatformTopics.All, t => Assert.Equal(t.Partitions, overview.Partitions.Count(p => p.Topic == t.Name)));
        Assert.Equal(before, overview.Groups.OrderBy(g => g.Group, StringComparer.Ordinal).ThenBy(g => g.Topic, StringComparer.Ordinal).ThenBy(g => g.Partition));
        Assert.Contains(overview.Groups, g => g.Group == "notifications-worker" && g.Topic == "commerce.orders");
        Assert.Contains(overview.Groups, g => g.Group == "search-indexer" && g.Topic == "catalog.products");
        Assert.Contains(overview.Partitions, p => p.High > 0);
    }

    [Fact]
    public async Task ATopicsLastMessagesShowKeyHeadersAndValue()
    {
        var published = await SampleAsync("sample-order-created");
        using var http = new HttpClient { BaseAddress = Page().Url };

        var messages = (await http.GetFromJsonAsync<List<KafkaRecord>>($"/api/topics/{published.Topic}/messages?count=50", JsonSerializerOptions.Web))!;
        var page = await http.GetStringAsync($"/topics/{published.Topic}");

        var message = Assert.Single(messages, m => m.Partition == published.Partition && m.Offset == published.Offset);
        Assert.Equal(published.Key, message.Key);
        Assert.Contains(message.Headers, h => h.Key == "content-type" && h.Value.StartsWith("application/cloudevents+json", StringComparison.Ordinal));
        Assert.Equal(published.EventId, JsonDocument.Parse(message.Value).RootElement.GetProperty("id").GetString());
        Assert.Contains(published.EventId, page, StringComparison.Ordinal);
    }

    private KafkaConsoleEndpoint Page() =>
        platform.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<KafkaMockClusterResource>().Single().Console!;

    private async Task<SampleEventResult> SampleAsync(string command)
    {
        var published = await platform.SendSampleEventAsync(command);
        using var deadline = new CancellationTokenSource(Deadline);
        await platform.WaitForCommittedAsync([new TopicPartitionOffset(published.Topic, published.Partition, published.Offset)], deadline.Token,
            published.Topic == "catalog.products" ? "search-indexer" : "notifications-worker");
        return published;
    }

    /// <summary>
    /// Each group's lag on the platform topics it has committed on, as any client computes it: the partition's high
    /// watermark minus the group's committed offset (its low watermark where it has committed nothing yet).
    /// </summary>
    private async Task<List<KafkaGroupLag>> PlainLagAsync()
    {
        var bootstrap = await platform.App.GetConnectionStringAsync("kafka");
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = $"test-{Guid.NewGuid():N}" }).Build();
        var lags = new List<KafkaGroupLag>();
        foreach (var group in PlatformTopics.ConsumerGroups)
        {
            var committed = (await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group,
                    [.. PlatformTopics.All.SelectMany(t => Enumerable.Range(0, t.Partitions).Select(p => new TopicPartition(t.Name, p)))])]))
                .Single().Partitions;
            var consumed = committed.Where(c => c.Offset.Value >= 0).Select(c => c.Topic).ToHashSet();
            lags.AddRange(committed.Where(c => consumed.Contains(c.Topic)).Select(c =>
            {
                var offsets = consumer.QueryWatermarkOffsets(c.TopicPartition, TimeSpan.FromSeconds(5));
                var position = c.Offset.Value >= 0 ? c.Offset.Value : offsets.Low.Value;
                return new KafkaGroupLag(group, c.Topic, c.Partition.Value, position, offsets.High.Value, offsets.High.Value - position);
            }));
        }

        return [.. lags.OrderBy(g => g.Group, StringComparer.Ordinal).ThenBy(g => g.Topic, StringComparer.Ordinal).ThenBy(g => g.Partition)];
    }
}
