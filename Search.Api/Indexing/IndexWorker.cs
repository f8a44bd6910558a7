using Confluent.Kafka;
using Search.Api.Engine;
using Search.Api.Events;
using ServiceDefaults.Kafka;
using ServiceDefaults.Resilience;

namespace Search.Api.Indexing;

/// <summary>
/// Keeps the index current: prepares the engine and fills an empty index from the catalog at start, then applies
/// product-change events from Kafka in order, committing each once applied. A failure to read the replica or to write the
/// index is retried with backoff (bounded by shutdown) rather than committed past; a malformed event is logged and skipped
/// (a full reindex restores whatever it meant).
/// </summary>
public sealed partial class IndexWorker(
    ISearchEngine engine,
    CatalogIndexer indexer,
    IConsumer<string, byte[]> consumer,
    ILogger<IndexWorker> logger) : KafkaConsumerLoop(consumer, logger)
{
    protected override IEnumerable<string> Topics => [CatalogEvents.ProductsTopic];

    protected override Task StartingAsync(CancellationToken stoppingToken) =>
        RetryAsync("prepare the index", async ct =>
        {
            await engine.InitializeAsync(ct);
            if (!await engine.IsFilledAsync(ct))
            {
                await indexer.ReindexAsync(ct);
            }
        }, stoppingToken);

    /// <summary>Applied, then committed: a commit that fails is harmless, the event is read again (the product is re-read).</summary>
    protected override async Task HandleAsync(ConsumeResult<string, byte[]> result, CancellationToken stoppingToken)
    {
        await ApplyAsync(result, stoppingToken);
        TryCommit([new TopicPartitionOffset(result.TopicPartition, result.Offset + 1)]);
    }

    private async Task ApplyAsync(ConsumeResult<string, byte[]> result, CancellationToken stoppingToken)
    {
        using var consume = KafkaTelemetry.StartConsume(result, Extensions.Extensions.ConsumerGroup);
        var (changed, problem) = ProductChangedReader.Read(result.Message.Value);
        if (changed is null)
        {
            LogSkipped(logger, result.TopicPartitionOffset.ToString(), problem!);
            return;
        }

        await RetryAsync($"index product {changed.ProductId}", async ct =>
        {
            var searchable = await indexer.RefreshProductAsync(changed.ProductId, ct);
            LogApplied(logger, changed.ProductId, searchable ? "indexed" : "removed");
        }, stoppingToken);
    }

    private Task RetryAsync(string what, Func<CancellationToken, Task> action, CancellationToken stoppingToken) =>
        RetryUntilStopped.RunAsync(action,
            (attempt, e, backoff) => LogRetrying(logger, what, attempt, e.GetType().Name, e.Message, backoff.TotalSeconds), stoppingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped catalog event at {Source}: {Problem}")]
    private static partial void LogSkipped(ILogger logger, string source, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Product {ProductId} changed: {Outcome}")]
    private static partial void LogApplied(ILogger logger, long productId, string outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not {What} (attempt {Attempt}, {ExceptionType}): {Reason}; retrying in {BackoffSeconds} s")]
    private static partial void LogRetrying(ILogger logger, string what, int attempt, string exceptionType, string reason, double backoffSeconds);
}
