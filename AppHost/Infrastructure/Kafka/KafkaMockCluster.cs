using System.Runtime.InteropServices;

namespace AppHost.Infrastructure.Kafka;

/// <summary>A running librdkafka mock cluster: real Kafka wire protocol on ephemeral loopback ports.</summary>
public sealed class KafkaMockCluster : IDisposable
{
    private const int ProducerType = 0;
    private readonly IntPtr _handle;
    private IntPtr _cluster;

    public KafkaMockCluster(int brokers, IEnumerable<KafkaTopic> topics)
    {
        LibRdKafkaMock.EnsureResolver();
        var error = new byte[512];
        _handle = LibRdKafkaMock.rd_kafka_new(ProducerType, LibRdKafkaMock.rd_kafka_conf_new(), error, (UIntPtr)error.Length);
        if (_handle == IntPtr.Zero)
        {
            throw new InvalidOperationException($"librdkafka refused to create the mock cluster's client: {LibRdKafkaMock.ErrorText(error)}");
        }

        _cluster = LibRdKafkaMock.rd_kafka_mock_cluster_new(_handle, brokers);
        if (_cluster == IntPtr.Zero)
        {
            LibRdKafkaMock.rd_kafka_destroy(_handle);
            throw new InvalidOperationException("librdkafka could not create the mock cluster.");
        }

        BootstrapServers = Marshal.PtrToStringUTF8(LibRdKafkaMock.rd_kafka_mock_cluster_bootstraps(_cluster))!;
        foreach (var topic in topics)
        {
            var result = LibRdKafkaMock.rd_kafka_mock_topic_create(_cluster, topic.Name, topic.Partitions, Math.Min(brokers, 3));
            if (result != 0)
            {
                Dispose();
                throw new InvalidOperationException($"The mock cluster refused topic '{topic.Name}' (librdkafka error {result}).");
            }
        }
    }

    public string BootstrapServers { get; }

    public void Dispose()
    {
        if (_cluster == IntPtr.Zero)
        {
            return;
        }

        // librdkafka requires the cluster to go before the client that hosts it.
        LibRdKafkaMock.rd_kafka_mock_cluster_destroy(_cluster);
        LibRdKafkaMock.rd_kafka_destroy(_handle);
        _cluster = IntPtr.Zero;
    }
}
