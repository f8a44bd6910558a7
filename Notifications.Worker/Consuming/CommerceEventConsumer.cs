using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Notifications.Worker.Delivery;
using ServiceDefaults.Kafka;
using ServiceDefaults.Resilience;

namespace Notifications.Worker.Consuming;

/// <summary>
/// The consumer group on the commerce topics. Within a partition, events with the same key (an order, a customer) are
/// processed in order and different keys concurrently (<see cref="KeyedLanes{T}"/>), up to
/// <see cref="NotificationsOptions.MaxInFlightPerPartition"/>, beyond which the partition pauses. A partition is committed
/// up to its lowest event that is not final yet (<see cref="PartitionProgress"/>), so a crash loses nothing: what follows
/// is redelivered, and the ledger keeps anything already sent from going out again. On shutdown, in-flight events get
/// <see cref="NotificationsOptions.ShutdownGrace"/> to finish.
/// </summary>
public sealed partial class CommerceEventConsumer(
    IConsumer<string, byte[]> consumer,
    NotificationProcessor processor,
    DeliveryLedger ledger,
    IOptions<NotificationsOptions> options,
    ILogger<CommerceEventConsumer> logger) : BackgroundService
{
    private static readonly TimeSpan CommitInterval = TimeSpan.FromMilliseconds(200);
    private readonly Dictionary<TopicPartition, Partition> _partitions = [];
    private readonly CancellationTokenSource _abandon = new();

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
                ResumeDrained();
                if (Consume(stoppingToken) is { IsPartitionEOF: false, Message: not null } result)
                {
                    Take(result);
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

    private void Take(ConsumeResult<string, byte[]> result)
    {
        if (!_partitions.TryGetValue(result.TopicPartition, out var partition))
        {
            partition = _partitions[result.TopicPartition] = new Partition(result.TopicPartition, this);
        }

        if (!partition.Progress.TryTake(result.Offset.Value))
        {
            return;
        }

        // A message without a key is ordered with nothing else.
        partition.Lanes.Enqueue(result.Message.Key ?? $"@{result.Offset.Value}", result);
        if (!partition.Paused && partition.Progress.InFlight >= options.Value.MaxInFlightPerPartition)
        {
            consumer.Pause([partition.TopicPartition]);
            partition.Paused = true;
        }
    }

    /// <summary>Resumes the paused partitions that got through half of their in-flight events.</summary>
    private void ResumeDrained()
    {
        // Runs once per consumed message: a plain loop, no allocation.
        foreach (var partition in _partitions.Values)
        {
            if (partition.Paused && partition.Progress.InFlight <= options.Value.MaxInFlightPerPartition / 2)
            {
                consumer.Resume([partition.TopicPartition]);
                partition.Paused = false;
            }
        }
    }

    private async Task ProcessAsync(ConsumeResult<string, byte[]> result, PartitionProgress progress)
    {
        using (KafkaTelemetry.StartConsume(result, Extensions.Extensions.ConsumerGroup))
        {
            // A dead-letter write or the ledger can fail while Kafka or the database is down: retry the message, bounded
            // by shutdown, rather than committing past it.
            await RetryUntilStopped.RunAsync(
                token => processor.ProcessAsync(result, token),
                (attempt, e, _) => LogProcessingFailed(logger, result.TopicPartitionOffset.ToString(), attempt, e.GetType().Name, e.Message),
                _abandon.Token);
        }

        progress.Finish(result.Offset.Value);
    }

    private void Commit()
    {
        var offsets = _partitions.Values
            .Select(p => (Partition: p, Next: p.Progress.NextCommit()))
            .Where(p => p.Next is not null)
            .ToList();
        if (offsets.Count == 0)
        {
            return;
        }

        try
        {
            consumer.Commit(offsets.Select(o => new TopicPartitionOffset(o.Partition.TopicPartition, o.Next!.Value)));
            offsets.ForEach(o => o.Partition.Progress.Committed(o.Next!.Value));
        }
        catch (KafkaException e)
        {
            // A revoked partition or a broker away: the offsets go with the next commit.
            LogCommitFailed(logger, e.Error.Code, e.Error.Reason);
        }
    }

    private async Task DrainAsync()
    {
        using var grace = new CancellationTokenSource(options.Value.ShutdownGrace);
        await using var abandon = grace.Token.Register(_abandon.Cancel);
        try
        {
            await Task.WhenAll(_partitions.Values.Select(p => p.Lanes.WhenIdleAsync()));
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
        {
            // The grace ran out: what is left stays uncommitted and is redelivered.
        }
    }

    public override void Dispose()
    {
        _abandon.Dispose();
        base.Dispose();
    }

    /// <summary>One assigned partition: what is in flight, its key lanes, whether it is paused.</summary>
    private sealed class Partition
    {
        public Partition(TopicPartition topicPartition, CommerceEventConsumer consumer)
        {
            TopicPartition = topicPartition;
            Lanes = new KeyedLanes<ConsumeResult<string, byte[]>>(message => consumer.ProcessAsync(message, Progress));
        }

        public TopicPartition TopicPartition { get; }

        public PartitionProgress Progress { get; } = new();

        public KeyedLanes<ConsumeResult<string, byte[]>> Lanes { get; }

        public bool Paused { get; set; }
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
