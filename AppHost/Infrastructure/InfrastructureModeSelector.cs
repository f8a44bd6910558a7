namespace AppHost.Infrastructure;

/// <summary>
/// Chooses the infrastructure mode: publish mode always describes containers; otherwise an explicit
/// <c>Infrastructure:Mode</c> (<c>containers</c>, <c>local</c> or <c>auto</c>) wins, and <c>auto</c> probes the container runtime.
/// </summary>
public static class InfrastructureModeSelector
{
    public const string ConfigurationKey = "Infrastructure:Mode";

    public static InfrastructureMode Select(string? configured, bool isPublishMode, Func<bool> containerRuntimeIsHealthy)
    {
        if (isPublishMode)
        {
            return InfrastructureMode.Containers;
        }

        return configured?.Trim().ToLowerInvariant() switch
        {
            null or "" or "auto" => containerRuntimeIsHealthy() ? InfrastructureMode.Containers : InfrastructureMode.Local,
            "containers" => InfrastructureMode.Containers,
            "local" => InfrastructureMode.Local,
            _ => throw new InvalidOperationException(
                $"Unknown {ConfigurationKey} '{configured}'. Use 'containers', 'local' or 'auto'."),
        };
    }
}
