using System.Globalization;
using System.Text.RegularExpressions;

namespace BenchmarkSupport;

/// <summary>What the benchmarks share: percentiles and a service's memory as Prometheus scrapes it.</summary>
public static class Measurements
{
    /// <summary>The nearest-rank percentile of sorted samples.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) => sorted[(int)Math.Ceiling(p * sorted.Count) - 1];

    /// <summary>Working set and GC heap from the service's <c>/metrics</c> (runtime metrics, summed over their series).</summary>
    public static async Task<string> MemoryAsync(HttpClient service) => $"{await SampleMemoryAsync(service)}";

    public static async Task<MemorySample> SampleMemoryAsync(HttpClient service)
    {
        var metrics = await service.GetStringAsync("/metrics");
        double Metric(string name) => Regex.Matches(metrics, $"^{name}(?:{{[^}}]*}})? (\\S+)", RegexOptions.Multiline)
            .Sum(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        return new MemorySample(Metric("dotnet_process_memory_working_set_bytes") / 1048576, Metric("dotnet_gc_last_collection_heap_size_bytes") / 1048576);
    }
}

public sealed record MemorySample(double WorkingSetMiB, double GcHeapMiB)
{
    public override string ToString() => $"working set {WorkingSetMiB:F0} MiB, GC heap {GcHeapMiB:F0} MiB";
}
