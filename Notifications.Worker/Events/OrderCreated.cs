namespace Notifications.Worker.Events;

/// <summary>An order went through checkout (Broadleaf's order status became SUBMITTED).</summary>
public sealed record OrderCreated(
    long OrderId,
    string OrderNumber,
    Customer Customer,
    string Currency,
    decimal Subtotal,
    decimal Tax,
    decimal Shipping,
    decimal Total,
    IReadOnlyList<OrderLine> Lines,
    DateTimeOffset SubmittedAt) : ICustomerEvent;

/// <summary>One item of an order, at its price after item discounts.</summary>
public sealed record OrderLine(string Sku, string Name, int Quantity, decimal UnitPrice);
