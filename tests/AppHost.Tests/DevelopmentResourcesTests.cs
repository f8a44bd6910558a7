using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace AppHost.Tests;

/// <summary>What a run adds for developers only, never deployed: the identity provider, and Kafka UI in containers mode.</summary>
public sealed class DevelopmentResourcesTests
{
    [Fact]
    public async Task ContainersModeRunsKafkaUiOnTheBrokersContainerListenerOutOfTheManifest()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--Infrastructure:Mode=containers"]);

        var ui = builder.Resources.OfType<ContainerResource>().Single(r => r.Name == "kafka-ui");
        Assert.True(ui.TryGetLastAnnotation<ContainerImageAnnotation>(out var image));
        Assert.Equal(("docker.io", "kafbat/kafka-ui"), (image.Registry, image.Image));
        Assert.True(ui.TryGetLastAnnotation<ManifestPublishingCallbackAnnotation>(out var publishing) && publishing.Callback is null);
        Assert.Contains(ui.Annotations.OfType<WaitAnnotation>(), w => w.Resource.Name == "kafka");
        var environment = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run));
        foreach (var callback in ui.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(environment);
        }

        var bootstrap = Assert.IsType<ReferenceExpression>(environment.EnvironmentVariables["KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS"]);
        Assert.Equal("kafka:9093", await bootstrap.GetValueAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("local")]
    [InlineData("containers")]
    public async Task EveryRunHasTheIdentityProviderOutOfTheManifest(string mode)
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>([$"--Infrastructure:Mode={mode}", "--DevelopmentIdentity:Port=0"]);

        var identity = builder.Resources.Single(r => r.Name == "identity");
        Assert.True(identity.TryGetLastAnnotation<ManifestPublishingCallbackAnnotation>(out var publishing) && publishing.Callback is null);
        Assert.DoesNotContain(builder.Resources, r => mode == "local" && r.Name == "kafka-ui");
    }
}
