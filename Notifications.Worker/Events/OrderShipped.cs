namespace Notifications.Worker.Events;

/// <summary>A fulfillment group of an order left the warehouse.</summary>
public sealed record OrderShipped(
    long OrderId,
    string OrderNumber,
    Customer Customer,
    string Carrier,
    string TrackingNumber,
    DateTimeOffset ShippedAt,
    Uri? TrackingUrl = null) : ICustomerEvent;
