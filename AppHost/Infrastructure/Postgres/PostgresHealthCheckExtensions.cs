using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace AppHost.Infrastructure.Postgres;

public static class PostgresHealthCheckExtensions
{
    /// <summary>
    /// Healthy when the resource's own connection string can log in and run a query; a local server is only asked once
    /// it says it accepts connections.
    /// </summary>
    public static IResourceBuilder<T> WithPostgresHealthCheck<T>(this IResourceBuilder<T> builder)
        where T : IResourceWithConnectionString
    {
        var key = $"{builder.Resource.Name}_check";
        builder.ApplicationBuilder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration(key, _ => new PostgresLoginHealthCheck(builder.Resource), failureStatus: null, tags: null));
        return builder.WithHealthCheck(key);
    }

    private sealed class PostgresLoginHealthCheck(IResourceWithConnectionString resource) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (resource is LocalPostgresServerResource { } local && !local.IsAcceptingConnections())
            {
                return HealthCheckResult.Unhealthy("Starting.");
            }

            try
            {
                var connectionString = await resource.ConnectionStringExpression.GetValueAsync(cancellationToken).ConfigureAwait(false);
                // No pooling: an idle pooled connection from the AppHost would hold up the server's smart shutdown.
                var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 5, CommandTimeout = 5 };
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy(e.Message, e);
            }
        }
    }
}
