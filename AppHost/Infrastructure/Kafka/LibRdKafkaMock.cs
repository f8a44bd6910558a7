using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace AppHost.Infrastructure.Kafka;

/// <summary>
/// P/Invoke into librdkafka's mock cluster (Confluent's wire-protocol broker shipped in librdkafka.redist).
/// Resolves to the same native file Confluent.Kafka loads, so the process holds one librdkafka.
/// </summary>
internal static partial class LibRdKafkaMock
{
    private const string Library = "librdkafka";

    static LibRdKafkaMock() => NativeLibrary.SetDllImportResolver(typeof(LibRdKafkaMock).Assembly, Resolve);

    /// <summary>Forces the resolver to be registered before the first call.</summary>
    public static void EnsureResolver()
    {
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Library)
        {
            return IntPtr.Zero;
        }

        var native = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
        // Debian 12 lacks libsasl2.so.3 for the default build; Confluent.Kafka falls back to the centos8 build, and so do we.
        foreach (var file in new[] { "librdkafka.so", "centos8-librdkafka.so" })
        {
            if (NativeLibrary.TryLoad(Path.Combine(native, file), out var handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero;
    }

    [LibraryImport(Library)]
    public static partial IntPtr rd_kafka_conf_new();

    [LibraryImport(Library)]
    public static partial IntPtr rd_kafka_new(int type, IntPtr conf, [MarshalAs(UnmanagedType.LPArray)] byte[] errstr, UIntPtr errstrSize);

    [LibraryImport(Library)]
    public static partial void rd_kafka_destroy(IntPtr rk);

    [LibraryImport(Library)]
    public static partial IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokerCount);

    [LibraryImport(Library)]
    public static partial void rd_kafka_mock_cluster_destroy(IntPtr cluster);

    [LibraryImport(Library)]
    public static partial IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr cluster);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rd_kafka_mock_topic_create(IntPtr cluster, string topic, int partitions, int replicationFactor);

    [LibraryImport(Library)]
    public static partial int rd_kafka_mock_broker_set_down(IntPtr cluster, int brokerId);

    [LibraryImport(Library)]
    public static partial int rd_kafka_mock_broker_set_up(IntPtr cluster, int brokerId);

    public static string ErrorText(byte[] buffer) => Encoding.UTF8.GetString(buffer).TrimEnd('\0');
}
