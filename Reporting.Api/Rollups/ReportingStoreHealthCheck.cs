using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Reporting.Api.Rollups;

/// <summary>Unhealthy until the first sync has loaded the reporting store; degraded when it falls behind the replica.</summary>
public sealed class ReportingStoreHealthCheck(
    [FromKeyedServices(ReportingStore.Name)] NpgsqlDataSource store, IOptions<ReportingOptions> options, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (await ReportingStore.ReadSyncedAtAsync(store, cancellationToken) is not { } syncedAt)
        {
            return HealthCheckResult.Unhealthy("The reporting store has not been loaded yet.");
        }

        var age = clock.GetUtcNow() - syncedAt;
        return age <= options.Value.RollupStaleAfter
            ? HealthCheckResult.Healthy($"Synced {age.TotalSeconds:F0} s ago.")
            : HealthCheckResult.Degraded($"Last synced {age.TotalSeconds:F0} s ago.");
    }
}
