using System.Diagnostics;
using Search.Api.Catalog;
using Search.Api.Engine;
using Search.Api.Searching;

namespace Search.Api.Indexing;

/// <summary>The last full reindex, for operators.</summary>
public sealed record ReindexRun(DateTimeOffset StartedAt, DateTimeOffset? CompletedAt, long? Products, string? Error);

/// <summary>
/// Writes the catalog into the engine: a full reindex, or one product re-read after a change event. Writes are serialized,
/// so a product change waits for a running reindex (whose new index it then updates) instead of racing it.
/// </summary>
public sealed partial class CatalogIndexer(
    ISearchEngine engine, CatalogReader catalog, SearchMetrics metrics, TimeProvider time, ILogger<CatalogIndexer> logger)
{
    private readonly SemaphoreSlim _writes = new(1, 1);
    private int _reindexing;

    public ReindexRun? LastReindex { get; private set; }

    public bool IsReindexing => Volatile.Read(ref _reindexing) == 1;

    /// <summary>Starts a full reindex in the background unless one is running.</summary>
    /// <returns>False when a reindex is already running.</returns>
    public bool TryStartReindex(CancellationToken stoppingToken)
    {
        if (Interlocked.CompareExchange(ref _reindexing, 1, 0) != 0)
        {
            return false;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await ReindexCoreAsync(stoppingToken);
            }
            catch (Exception)
            {
                // Recorded in LastReindex and logged by ReindexCoreAsync (a shutdown included); the old index keeps serving.
            }
        }, CancellationToken.None);
        return true;
    }

    /// <summary>Rebuilds the whole index from the replica; searches see the previous index until it is complete.</summary>
    public async Task<long> ReindexAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _reindexing, 1, 0) != 0)
        {
            throw new InvalidOperationException("A reindex is already running.");
        }

        return await ReindexCoreAsync(cancellationToken);
    }

    /// <summary>Re-reads one product from the replica and writes it to the index, or removes it when it is no longer searchable.</summary>
    /// <returns>True when the product is now in the index, false when it was removed.</returns>
    public async Task<bool> RefreshProductAsync(long productId, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            var product = await catalog.FindAsync(productId, cancellationToken);
            if (product is null)
            {
                await engine.DeleteAsync(productId, cancellationToken);
            }
            else
            {
                await engine.UpsertAsync(product, cancellationToken);
            }

            metrics.Indexed("event", product is null ? "removed" : "upserted", 1);
            return product is not null;
        }
        finally
        {
            _writes.Release();
        }
    }

    private async Task<long> ReindexCoreAsync(CancellationToken cancellationToken)
    {
        var run = new ReindexRun(time.GetUtcNow(), null, null, null);
        LastReindex = run;
        var stopwatch = Stopwatch.StartNew();
        try
        {
            await _writes.WaitAsync(cancellationToken);
            try
            {
                var count = await engine.ReplaceAllAsync(catalog.ReadAllAsync(cancellationToken), cancellationToken);
                LastReindex = run with { CompletedAt = time.GetUtcNow(), Products = count };
                metrics.Indexed("reindex", "upserted", count);
                metrics.Reindexed(stopwatch.Elapsed);
                LogReindexed(logger, count, engine.Name, stopwatch.ElapsedMilliseconds);
                return count;
            }
            finally
            {
                _writes.Release();
            }
        }
        catch (Exception e)
        {
            LastReindex = run with { Error = $"{e.GetType().Name}: {e.Message}" };
            LogReindexFailed(logger, e, engine.Name);
            throw;
        }
        finally
        {
            Volatile.Write(ref _reindexing, 0);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reindexed {Products} products into {Engine} in {ElapsedMs} ms")]
    private static partial void LogReindexed(ILogger logger, long products, string engine, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reindex into {Engine} failed; the previous index keeps serving")]
    private static partial void LogReindexFailed(ILogger logger, Exception exception, string engine);
}
