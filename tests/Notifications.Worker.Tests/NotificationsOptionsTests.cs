using Notifications.Worker.Delivery;

namespace Notifications.Worker.Tests;

public sealed class NotificationsOptionsTests
{
    private static readonly Dictionary<string, NotificationChannel[]> EmailRoute = new() { ["commerce.order.created.v1"] = [NotificationChannel.Email] };

    [Fact]
    public void ARouteWithTheDefaultsIsValid() =>
        Assert.True(new NotificationsOptionsValidator().Validate(null, new NotificationsOptions { Routes = EmailRoute }).Succeeded);

    [Fact]
    public void NoRouteAPushRouteWithoutCredentialsAndNoInFlightAreEachNamed()
    {
        var validator = new NotificationsOptionsValidator();

        var empty = validator.Validate(null, new NotificationsOptions { MaxInFlightPerPartition = 0 });
        var push = validator.Validate(null, new NotificationsOptions { Routes = new() { ["commerce.order.shipped.v1"] = [NotificationChannel.Push] } });

        Assert.Contains(empty.Failures!, f => f.Contains("Routes", StringComparison.Ordinal));
        Assert.Contains(empty.Failures!, f => f.Contains("MaxInFlightPerPartition", StringComparison.Ordinal));
        Assert.Contains(push.Failures!, f => f.Contains("Push:Credentials", StringComparison.Ordinal));
    }
}
