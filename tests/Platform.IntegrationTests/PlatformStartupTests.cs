using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.IntegrationTests;

[Collection(PlatformCollection.Name)]
public sealed class PlatformStartupTests(PlatformFixture platform)
{
    [Fact]
    public void EveryResourceIsRunningAndHealthy()
    {
        foreach (var name in PlatformFixture.Resources)
        {
            Assert.True(platform.App.ResourceNotifications.TryGetCurrentState(name, out var resource), $"{name} is not in the model");
            Assert.Equal(KnownResourceStates.Running, resource.Snapshot.State?.Text);
            Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, resource.Snapshot.HealthStatus);
        }
    }

    [Fact]
    public void LocalModeHasNoContainerResource()
    {
        var model = platform.App.Services.GetRequiredService<DistributedApplicationModel>();
        Assert.Empty(model.Resources.OfType<ContainerResource>());
        Assert.DoesNotContain(model.Resources, r => r.Name == "solr");
    }
}
