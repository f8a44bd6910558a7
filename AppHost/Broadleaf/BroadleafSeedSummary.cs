namespace AppHost.Broadleaf;

/// <summary>What the generator wrote: rows per table and orders per <c>order_status</c>.</summary>
public sealed record BroadleafSeedSummary(
    IReadOnlyDictionary<string, long> RowsPerTable,
    IReadOnlyDictionary<string, int> OrdersPerStatus);
