namespace AppHost.Infrastructure.Kafka;

/// <summary>A topic the platform uses, created by the AppHost with its partition count.</summary>
public sealed record KafkaTopic(string Name, int Partitions);

public static class PlatformTopics
{
    /// <summary>The topics and their partitions: events of one order are keyed by order id so they stay in order.</summary>
    public static readonly IReadOnlyList<KafkaTopic> All =
    [
        new("commerce.orders", 6),
        new("commerce.customers", 3),
        new("catalog.products", 3),
        new("notifications.dead-letter", 3),
    ];

    /// <summary>The services' consumer groups (notifications-worker's and search-api's indexer), whose lag the Kafka page shows.</summary>
    public static readonly IReadOnlyList<string> ConsumerGroups = ["notifications-worker", "search-indexer"];
}
