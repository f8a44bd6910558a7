namespace AppHost.Infrastructure.Kafka;

/// <summary>
/// Kafka in local mode: librdkafka's mock cluster hosted by the AppHost process. Its connection string is the
/// bootstrap address, exactly what a Kafka container's would be.
/// </summary>
public sealed class KafkaMockClusterResource(string name) : Resource(name), IResourceWithConnectionString, IAsyncDisposable
{
    private readonly BootstrapServers _bootstrapServers = new(name);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{_bootstrapServers}");

    public void Start(int brokers, IEnumerable<KafkaTopic> topics) => _bootstrapServers.Cluster ??= new KafkaMockCluster(brokers, topics);

    /// <summary>Takes every broker down, or brings them back (see <see cref="KafkaMockCluster.SetBrokersDown"/>).</summary>
    public void SetBrokersDown(bool down) =>
        (_bootstrapServers.Cluster ?? throw new InvalidOperationException("The mock cluster is not running.")).SetBrokersDown(down);

    /// <summary>The page of topics, consumer groups and messages the dashboard links to; null until the cluster runs.</summary>
    public KafkaConsoleEndpoint? Console { get; set; }

    public async ValueTask DisposeAsync()
    {
        if (Console is not null)
        {
            await Console.DisposeAsync().ConfigureAwait(false);
        }

        _bootstrapServers.Cluster?.Dispose();
    }

    /// <summary>Known only once the cluster listens: its ports are ephemeral.</summary>
    private sealed class BootstrapServers(string resourceName) : IValueProvider, IManifestExpressionProvider
    {
        public KafkaMockCluster? Cluster { get; set; }

        public string ValueExpression => $"{{{resourceName}.bootstrapServers}}";

        public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Cluster?.BootstrapServers);
    }
}
