using System.Collections.Concurrent;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Notifications.Worker.Delivery;
using Notifications.Worker.Extensions;
using ServiceDefaults.Kafka;
using ServiceDefaults.Resilience;

namespace Notifications.Worker.Consuming;

/// <summary>
/// The consumer group on the commerce topics. Partitions are processed concurrently, each in order by its own task;
/// an offset is committed only once its event reached a final state in every channel (and so every earlier one of its
/// partition did). A partition whose buffer is full is paused rather than blocking the others. On shutdown, in-flight
/// events get <see cref="NotificationsOptions.ShutdownGraceSeconds"/> to finish; the rest stays uncommitted and is
/// redelivered, where the ledger keeps anything already sent from going out again.
/// </summary>
public sealed partial class CommerceEventConsumer(
    IConsumer<string, byte[]> consumer,
    NotificationProcessor processor,
    DeliveryLedger ledger,
    IOptions<NotificationsOptions> options,
    ILogger<CommerceEventConsumer> logger) : BackgroundService
{
    private static readonly TimeSpan CommitInterval = TimeSpan.FromMilliseconds(200);
    private readonly ConcurrentDictionary<TopicPartition, PartitionWorker> _partitions = new();
    private readonly ConcurrentDictionary<TopicPartition, Offset> _completed = new();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // Consume blocks: give the loop its own thread rather than a thread-pool one.
        Task.Factory.StartNew(() => RunAsync(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        await ledger.EnsureSchemaAsync(stoppingToken);
        consumer.Subscribe(options.Value.Topics);
        var lastCommit = DateTime.UtcNow;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                FlushPaused();
                var result = Consume(stoppingToken);
                if (result is { IsPartitionEOF: false, Message: not null })
                {
                    var worker = _partitions.GetOrAdd(result.TopicPartition, tp => new PartitionWorker(tp, options.Value.PartitionBuffer, ProcessAsync));
                    if (!worker.TryEnqueue(result))
                    {
                        consumer.Pause([result.TopicPartition]);
                    }
                }

                if (DateTime.UtcNow - lastCommit >= CommitInterval)
                {
                    Commit();
                    lastCommit = DateTime.UtcNow;
                }
            }
        }
        finally
        {
            var stopping = System.Diagnostics.Stopwatch.StartNew();
            await DrainAsync();
            var drained = stopping.ElapsedMilliseconds;
            Commit();
            consumer.Close();
            LogStopped(logger, drained, stopping.ElapsedMilliseconds - drained);
        }
    }

    private ConsumeResult<string, byte[]>? Consume(CancellationToken stoppingToken)
    {
        try
        {
            return consumer.Consume(TimeSpan.FromMilliseconds(100));
        }
        catch (ConsumeException e)
        {
            // A broken message or a transient broker error: librdkafka reconnects by itself; log and go on.
            LogConsumeError(logger, e.Error.Code, e.Error.Reason);
            return null;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Hands the held-back message of each paused partition over once its buffer has room, and resumes it.</summary>
    private void FlushPaused()
    {
        foreach (var worker in _partitions.Values)
        {
            if (worker.TryFlushHeldBack())
            {
                consumer.Resume([worker.Partition]);
            }
        }
    }

    private async Task ProcessAsync(ConsumeResult<string, byte[]> result, CancellationToken ct)
    {
        using var consume = KafkaTelemetry.StartConsume(result, Extensions.Extensions.ConsumerGroup);
        // A dead-letter write or the ledger can fail while Kafka or the database is down: retry the message, bounded
        // by shutdown, rather than committing past it.
        await RetryUntilStopped.RunAsync(
            token => processor.ProcessAsync(result, token),
            (attempt, e, _) => LogProcessingFailed(logger, result.TopicPartitionOffset.ToString(), attempt, e.GetType().Name, e.Message),
            ct);
        _completed[result.TopicPartition] = result.Offset + 1;
    }

    private void Commit()
    {
        var offsets = _completed.Select(c => new TopicPartitionOffset(c.Key, c.Value)).ToList();
        if (offsets.Count == 0)
        {
            return;
        }

        try
        {
            consumer.Commit(offsets);
            foreach (var offset in offsets)
            {
                _completed.TryRemove(new KeyValuePair<TopicPartition, Offset>(offset.TopicPartition, offset.Offset));
            }
        }
        catch (KafkaException e)
        {
            // A revoked partition or a broker away: the offsets stay pending and go with the next commit.
            LogCommitFailed(logger, e.Error.Code, e.Error.Reason);
        }
    }

    private async Task DrainAsync()
    {
        var workers = _partitions.Values.ToList();
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(options.Value.ShutdownGraceSeconds));
        await Task.WhenAll(workers.Select(w => w.StopAsync(grace.Token)));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka consume error {Code}: {Reason}")]
    private static partial void LogConsumeError(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Processing {Source} failed (attempt {Attempt}, {ExceptionType}): {Reason}; retrying")]
    private static partial void LogProcessingFailed(ILogger logger, string source, int attempt, string exceptionType, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consumer stopped: in-flight events finished in {DrainMs} ms, offsets committed and group left in {CloseMs} ms")]
    private static partial void LogStopped(ILogger logger, long drainMs, long closeMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Offset commit failed {Code}: {Reason}")]
    private static partial void LogCommitFailed(ILogger logger, ErrorCode code, string reason);
}
