using System.Runtime.InteropServices;

namespace AppHost.Infrastructure.Kafka;

/// <summary>A running librdkafka mock cluster: real Kafka wire protocol on ephemeral loopback ports.</summary>
public sealed class KafkaMockCluster : IDisposable
{
    private const int ProducerType = 0;
    private readonly IntPtr _handle;
    private IntPtr _cluster;

    private readonly int _brokers;

    public KafkaMockCluster(int brokers, IEnumerable<KafkaTopic> topics)
    {
        _brokers = brokers;
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

    /// <summary>
    /// Every broker refuses connections (and drops the open ones) until <paramref name="down"/> is false again: a Kafka
    /// outage for fault tests. Partition leadership does not move.
    /// </summary>
    public void SetBrokersDown(bool down)
    {
        for (var broker = 1; broker <= _brokers; broker++)
        {
            var result = down ? LibRdKafkaMock.rd_kafka_mock_broker_set_down(_cluster, broker) : LibRdKafkaMock.rd_kafka_mock_broker_set_up(_cluster, broker);
            if (result != 0)
            {
                throw new InvalidOperationException($"librdkafka error {result} setting mock broker {broker} {(down ? "down" : "up")}.");
            }
        }
    }

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
