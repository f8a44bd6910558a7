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
    ILogger<IndexWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // Consume blocks: give the loop its own thread rather than a thread-pool one.
        Task.Factory.StartNew(() => RunAsync(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        await RetryAsync("prepare the index", async ct =>
        {
            await engine.InitializeAsync(ct);
            if (!await engine.IsFilledAsync(ct))
            {
                await indexer.ReindexAsync(ct);
            }
        }, stoppingToken);

        consumer.Subscribe(CatalogEvents.ProductsTopic);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (Consume(stoppingToken) is { IsPartitionEOF: false, Message: not null } result)
                {
                    await ApplyAsync(result, stoppingToken);
                    Commit(result);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the event in hand stays uncommitted and is read again next time.
        }
        finally
        {
            consumer.Close();
        }
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

    private void Commit(ConsumeResult<string, byte[]> result)
    {
        try
        {
            consumer.Commit(result);
        }
        catch (KafkaException e)
        {
            // A broker away or a partition revoked: the next commit covers this offset, or the event is read again,
            // which is harmless (the product is re-read).
            LogCommitFailed(logger, e.Error.Code, e.Error.Reason);
        }
    }

    private ConsumeResult<string, byte[]>? Consume(CancellationToken stoppingToken)
    {
        try
        {
            return consumer.Consume(TimeSpan.FromMilliseconds(200));
        }
        catch (ConsumeException e)
        {
            // A transient broker error: librdkafka reconnects by itself.
            LogConsumeError(logger, e.Error.Code, e.Error.Reason);
            stoppingToken.ThrowIfCancellationRequested();
            return null;
        }
    }

    private Task RetryAsync(string what, Func<CancellationToken, Task> action, CancellationToken stoppingToken) =>
        RetryUntilStopped.RunAsync(action,
            (attempt, e, backoff) => LogRetrying(logger, what, attempt, e.GetType().Name, e.Message, backoff.TotalSeconds), stoppingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped catalog event at {Source}: {Problem}")]
    private static partial void LogSkipped(ILogger logger, string source, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Product {ProductId} changed: {Outcome}")]
    private static partial void LogApplied(ILogger logger, long productId, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka consume error {Code}: {Reason}")]
    private static partial void LogConsumeError(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Offset commit failed {Code}: {Reason}")]
    private static partial void LogCommitFailed(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not {What} (attempt {Attempt}, {ExceptionType}): {Reason}; retrying in {BackoffSeconds} s")]
    private static partial void LogRetrying(ILogger logger, string what, int attempt, string exceptionType, string reason, double backoffSeconds);
}
