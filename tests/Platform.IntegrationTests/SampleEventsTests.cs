using Confluent.Kafka;

namespace Platform.IntegrationTests;

/// <summary>The dashboard's sample-event commands publish valid events about the seeded replica, which flow end to end.</summary>
[Collection(PlatformCollection.Name)]
public sealed class SampleEventsTests(PlatformFixture platform)
{
    [Fact]
    public async Task ASampleOrderShippedReachesItsCustomerByEmailSmsAndPush()
    {
        var published = await platform.SendSampleEventAsync("sample-order-shipped");

        Assert.Equal(("commerce.order.shipped.v1", "commerce.orders"), (published.Type, published.Topic));
        await using var owner = await platform.OpenReplicaAsOwnerAsync();
        var (customerId, email) = (await owner.QueryAsync(
            $"SELECT c.customer_id, c.email_address FROM blc_order o JOIN blc_customer c ON c.customer_id = o.customer_id WHERE o.order_id = {long.Parse(published.Key)}",
            r => (r.GetInt64(0), r.GetString(1)))).Single();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var mail = (await platform.Aws().WaitForMessagesAsync(email, 1, deadline.Token)).Last();
        Assert.Contains($"1Z{long.Parse(published.Key):D12}", mail.Text ?? mail.Html, StringComparison.Ordinal);
        await platform.Aws().WaitForMessagesAsync($"+1555{customerId % 10_000_000:D7}", 1, deadline.Token);
        await platform.Fcm().WaitForPushesAsync($"sample-device-{customerId}", 1, deadline.Token);
    }

    [Theory]
    [InlineData("sample-order-created", "notifications-worker")]
    [InlineData("sample-password-reset", "notifications-worker")]
    [InlineData("sample-product-changed", "search-indexer")]
    public async Task EachSampleIsConsumedByItsServiceWithoutADeadLetter(string command, string group)
    {
        var published = await platform.SendSampleEventAsync(command);

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await platform.WaitForCommittedAsync([new TopicPartitionOffset(published.Topic, published.Partition, published.Offset)], deadline.Token, group);
        Assert.DoesNotContain(await platform.ReadDeadLettersAsync(deadline.Token), l => l.Header("dlq-event-id") == published.EventId);
    }
}
