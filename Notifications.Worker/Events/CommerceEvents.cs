namespace Notifications.Worker.Events;

/// <summary>
/// The commerce events the worker consumes: CloudEvents 1.0 in structured mode (the whole envelope, JSON, as the Kafka
/// message value) with these <c>type</c> values. The contract is <c>docs/notifications.asyncapi.json</c>.
/// </summary>
public static class CommerceEvents
{
    public const string OrderCreated = "commerce.order.created.v1";
    public const string OrderShipped = "commerce.order.shipped.v1";
    public const string PasswordResetRequested = "commerce.customer.password-reset-requested.v1";

    /// <summary>Order events, keyed by order id so that the events of one order stay in order.</summary>
    public const string OrdersTopic = "commerce.orders";

    /// <summary>Customer account events, keyed by customer id.</summary>
    public const string CustomersTopic = "commerce.customers";

    /// <summary>Each event type and the payload record its <c>data</c> holds.</summary>
    public static readonly IReadOnlyDictionary<string, Type> Payloads = new Dictionary<string, Type>
    {
        [OrderCreated] = typeof(OrderCreated),
        [OrderShipped] = typeof(OrderShipped),
        [PasswordResetRequested] = typeof(PasswordResetRequested),
    };
}
