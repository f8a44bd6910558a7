using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.IntegrationTests;

[Collection(PlatformCollection.Name)]
public sealed class PlatformStartupTests(PlatformFixture platform)
{
    [Fact]
    public async Task EveryResourceIsRunningAndHealthy()
    {
        // Other tests of the collection stop and start resources: each must be (back to) healthy within a deadline.
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        foreach (var name in PlatformFixture.Resources)
        {
            var resource = await platform.App.ResourceNotifications.WaitForResourceHealthyAsync(name, deadline.Token);
            Assert.Equal(KnownResourceStates.Running, resource.Snapshot.State?.Text);
            Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, resource.Snapshot.HealthStatus);
        }
    }

    [Fact]
    public void ACleanStartLogsNothingAtError()
    {
        // Not being ready yet (the reporting store loading, a dependency still starting) is not an error.
        Assert.True(platform.StartupErrors.Count == 0, $"Logged at Error during a clean start:\n{string.Join('\n', platform.StartupErrors.Take(20))}");
    }

    [Fact]
    public void LocalModeHasNoContainerResource()
    {
        var model = platform.App.Services.GetRequiredService<DistributedApplicationModel>();
        Assert.Empty(model.Resources.OfType<ContainerResource>());
        Assert.DoesNotContain(model.Resources, r => r.Name == "solr");
    }
}
