namespace Search.Api.Events;

/// <summary>
/// The catalog events the indexer consumes: CloudEvents 1.0 in structured mode (the whole JSON envelope as the Kafka
/// message value), like the commerce events. The contract is <c>docs/catalog.asyncapi.json</c>.
/// </summary>
public static class CatalogEvents
{
    public const string ProductChanged = "catalog.product.changed.v1";

    /// <summary>Product events, keyed by product id so that the events of one product stay in order.</summary>
    public const string ProductsTopic = "catalog.products";
}

/// <summary>
/// A product, one of its SKUs, prices or category links changed in Broadleaf, or it was archived. The event names the
/// product only: the indexer reads its current state from the replica, so events that arrive late or twice do no harm.
/// </summary>
public sealed record ProductChanged(long ProductId, DateTimeOffset ChangedAt);
