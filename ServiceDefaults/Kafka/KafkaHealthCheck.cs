using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ServiceDefaults.Kafka;

/// <summary>Healthy when the cluster answers a metadata request within the timeout.</summary>
public sealed class KafkaHealthCheck(string bootstrapServers) : IHealthCheck, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly Lazy<IAdminClient> _admin = new(() =>
        new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers, SocketTimeoutMs = (int)Timeout.TotalMilliseconds }).Build());

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.Run(() =>
        {
            try
            {
                var metadata = _admin.Value.GetMetadata(Timeout);
                return metadata.Brokers.Count > 0
                    ? HealthCheckResult.Healthy($"{metadata.Brokers.Count} broker(s), {metadata.Topics.Count} topic(s)")
                    : HealthCheckResult.Unhealthy("The cluster reported no brokers.");
            }
            catch (KafkaException e)
            {
                return HealthCheckResult.Unhealthy(e.Message, e);
            }
        }, cancellationToken);

    public void Dispose()
    {
        if (_admin.IsValueCreated)
        {
            _admin.Value.Dispose();
        }
    }
}
