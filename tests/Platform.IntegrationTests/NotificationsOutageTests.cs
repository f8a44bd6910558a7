using System.Net;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using static Platform.IntegrationTests.CommerceEventsClient;

namespace Platform.IntegrationTests;

/// <summary>The worker stopped mid-stream, and Kafka down for a while: every event still delivered, and only once.</summary>
[Collection(FaultsCollection.Name)]
public sealed class NotificationsOutageTests(FaultsPlatformFixture platform) : IDisposable
{
    private readonly CancellationTokenSource _deadline = new(TimeSpan.FromMinutes(3));

    private CancellationToken Deadline => _deadline.Token;

    [Fact]
    public async Task EventsPublishedAroundAWorkerRestartAreEachDeliveredExactlyOnce()
    {
        var commands = platform.App.Services.GetRequiredService<ResourceCommandService>();
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("notifications-worker", Deadline);
        var customer = NewCustomer("en", withPhone: false);
        var produced = new List<DeliveryResult<string, byte[]>>();
        produced.AddRange(await PublishOrdersAsync(customer, 3000, 30));

        // The command's own wait can give up on a loaded machine while the process is still finishing its events:
        // what counts is that the worker stops.
        await commands.ExecuteCommandAsync("notifications-worker", KnownResourceCommands.StopCommand, Deadline);
        await platform.App.ResourceNotifications.WaitForResourceAsync("notifications-worker", KnownResourceStates.TerminalStates, Deadline);
        produced.AddRange(await PublishOrdersAsync(customer, 3030, 30));
        var started = await commands.ExecuteCommandAsync("notifications-worker", KnownResourceCommands.StartCommand, Deadline);
        Assert.True(started.Success, started.Message);
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("notifications-worker", Deadline);

        await AssertEachDeliveredOnceAsync(customer, produced, 60);
    }

    [Fact]
    public async Task EventsPublishedWhileKafkaIsDownAreDeliveredOnceItIsBack()
    {
        var commands = platform.App.Services.GetRequiredService<ResourceCommandService>();
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("notifications-worker", Deadline);
        var customer = NewCustomer("en", withPhone: false);
        var before = await PublishOrdersAsync(customer, 4000, 5);
        await platform.Aws().WaitForMessagesAsync(customer["email"]!.GetValue<string>(), 5, Deadline);

        Task<List<DeliveryResult<string, byte[]>>> during;
        Assert.True((await commands.ExecuteCommandAsync("kafka", "brokers-down", Deadline)).Success);
        try
        {
            // The worker sees the outage (its /health turns unhealthy) while these wait in the producer for the brokers.
            during = PublishOrdersAsync(customer, 4005, 10);
            using var worker = platform.App.CreateHttpClient("notifications-worker", "http");
            await Eventually.TrueAsync(async () => (await worker.GetAsync("/health", Deadline)).StatusCode != HttpStatusCode.OK,
                "the worker's /health seeing the outage", deadline: Deadline);
        }
        finally
        {
            Assert.True((await commands.ExecuteCommandAsync("kafka", "brokers-up", Deadline)).Success);
        }

        await AssertEachDeliveredOnceAsync(customer, [.. before, .. await during], 15);
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("notifications-worker", Deadline);
    }

    private async Task<List<DeliveryResult<string, byte[]>>> PublishOrdersAsync(System.Text.Json.Nodes.JsonObject customer, long firstOrder, int count)
    {
        var results = new List<DeliveryResult<string, byte[]>>();
        for (var orderId = firstOrder; orderId < firstOrder + count; orderId++)
        {
            results.Add(await platform.PublishAsync(OrdersTopic, $"{orderId}", Envelope(Guid.NewGuid().ToString(), Created, OrderCreated(orderId, customer, 10m))));
        }

        return results;
    }

    /// <summary>Once every produced offset is committed nothing is pending redelivery: then each order's email is counted.</summary>
    private async Task AssertEachDeliveredOnceAsync(System.Text.Json.Nodes.JsonObject customer, List<DeliveryResult<string, byte[]>> produced, int expected)
    {
        await platform.WaitForCommittedAsync(produced.Select(p => p.TopicPartitionOffset), Deadline);

        var subjects = platform.Aws().Messages.Where(m => m.To.Contains(customer["email"]!.GetValue<string>())).Select(m => m.Subject!).ToList();
        Assert.Equal(expected, subjects.Count);
        Assert.Equal(expected, subjects.Distinct().Count());
    }

    public void Dispose() => _deadline.Dispose();
}
