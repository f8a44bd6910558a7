namespace Notifications.Worker.Events;

/// <summary>An event addressed to one customer: every payload the worker sends notifications for.</summary>
public interface ICustomerEvent
{
    Customer Customer { get; }
}
