using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Notifications.Worker.Providers;

/// <summary>
/// Degraded while a provider is unavailable, never unhealthy: the worker is fine and waits for AWS, and Kubernetes must
/// not restart it for an AWS outage.
/// </summary>
public sealed class ProviderHealthCheck(ProviderGuards providers, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var unavailable = providers.All
            .Where(p => p.UnavailableSince is not null)
            .Select(p => $"{p.Provider} unavailable for {(clock.GetUtcNow() - p.UnavailableSince!.Value).TotalSeconds:F0} s")
            .ToList();
        return Task.FromResult(unavailable.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded($"{string.Join("; ", unavailable)}: sends wait for it."));
    }
}
