using AppHost.Infrastructure;

namespace AppHost.Tests;

public sealed class InfrastructureModeSelectorTests
{
    [Theory]
    [InlineData(null, true, InfrastructureMode.Containers)]
    [InlineData(null, false, InfrastructureMode.Local)]
    [InlineData("", false, InfrastructureMode.Local)]
    [InlineData("auto", true, InfrastructureMode.Containers)]
    [InlineData("AUTO", false, InfrastructureMode.Local)]
    public void AutoFollowsTheContainerRuntimeProbe(string? configured, bool runtimeHealthy, InfrastructureMode expected)
    {
        var probes = 0;
        var mode = InfrastructureModeSelector.Select(configured, isPublishMode: false, () => { probes++; return runtimeHealthy; });

        Assert.Equal(expected, mode);
        Assert.Equal(1, probes);
    }

    [Theory]
    [InlineData("local", InfrastructureMode.Local)]
    [InlineData(" Local ", InfrastructureMode.Local)]
    [InlineData("containers", InfrastructureMode.Containers)]
    [InlineData("CONTAINERS", InfrastructureMode.Containers)]
    public void AnExplicitModeWinsWithoutProbing(string configured, InfrastructureMode expected)
    {
        var mode = InfrastructureModeSelector.Select(configured, isPublishMode: false,
            () => throw new InvalidOperationException("The runtime must not be probed when the mode is explicit."));

        Assert.Equal(expected, mode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("local")]
    [InlineData("auto")]
    public void PublishModeAlwaysDescribesContainers(string? configured)
    {
        var mode = InfrastructureModeSelector.Select(configured, isPublishMode: true,
            () => throw new InvalidOperationException("Publishing must not depend on this machine's container runtime."));

        Assert.Equal(InfrastructureMode.Containers, mode);
    }

    [Fact]
    public void AnUnknownModeIsRefusedWithTheAcceptedValues()
    {
        var error = Assert.Throws<InvalidOperationException>(() => InfrastructureModeSelector.Select("kubernetes", false, () => true));

        Assert.Contains("kubernetes", error.Message);
        Assert.Contains("'containers', 'local' or 'auto'", error.Message);
    }

    [Fact]
    public void AMissingContainerCliIsAnUnhealthyRuntime()
    {
        Assert.False(ContainerRuntimeProbe.IsHealthy("no-such-container-cli-" + Guid.NewGuid().ToString("N")));
    }
}
