using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Reporting.Api.Rollups;

/// <summary>Unhealthy until the first sync has loaded the rollups; degraded when they fall behind the replica.</summary>
public sealed class SalesRollupHealthCheck(
    [FromKeyedServices(SalesRollupStore.Name)] NpgsqlDataSource store, IOptions<ReportingOptions> options, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (await SalesRollupStore.ReadSyncedAtAsync(store, cancellationToken) is not { } syncedAt)
        {
            return HealthCheckResult.Unhealthy("The sales rollups have not been loaded yet.");
        }

        var age = clock.GetUtcNow() - syncedAt;
        return age <= TimeSpan.FromSeconds(options.Value.RollupStaleAfterSeconds)
            ? HealthCheckResult.Healthy($"Synced {age.TotalSeconds:F0} s ago.")
            : HealthCheckResult.Degraded($"Last synced {age.TotalSeconds:F0} s ago.");
    }
}
