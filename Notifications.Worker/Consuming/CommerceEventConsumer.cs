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
    ILogger<CommerceEventConsumer> logger) : KafkaConsumerLoop(consumer, logger)
{
    private static readonly TimeSpan CommitInterval = TimeSpan.FromMilliseconds(200);
    private readonly Dictionary<TopicPartition, Partition> _partitions = [];
    private readonly CancellationTokenSource _abandon = new();
    private DateTime _lastCommit = DateTime.UtcNow;

    protected override IEnumerable<string> Topics => options.Value.Topics;

    protected override TimeSpan PollInterval => TimeSpan.FromMilliseconds(100);

    protected override Task StartingAsync(CancellationToken stoppingToken) => ledger.EnsureSchemaAsync(stoppingToken);

    protected override Task HandleAsync(ConsumeResult<string, byte[]> result, CancellationToken stoppingToken)
    {
        Take(result);
        return Task.CompletedTask;
    }

    protected override void AfterPoll()
    {
        ResumeDrained();
        if (DateTime.UtcNow - _lastCommit >= CommitInterval)
        {
            Commit();
            _lastCommit = DateTime.UtcNow;
        }
    }

    protected override async Task StoppingAsync()
    {
        await DrainAsync();
        Commit();
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
            Consumer.Pause([partition.TopicPartition]);
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
                Consumer.Resume([partition.TopicPartition]);
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
        if (offsets.Count > 0 && TryCommit(offsets.Select(o => new TopicPartitionOffset(o.Partition.TopicPartition, o.Next!.Value))))
        {
            offsets.ForEach(o => o.Partition.Progress.Committed(o.Next!.Value));
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Processing {Source} failed (attempt {Attempt}, {ExceptionType}): {Reason}; retrying")]
    private static partial void LogProcessingFailed(ILogger logger, string source, int attempt, string exceptionType, string reason);

}
