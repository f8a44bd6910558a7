using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ServiceDefaults.Kafka;

/// <summary>
/// The loop every Kafka consumer of the platform runs, so that each keeps only its own logic: a thread of its own
/// (<c>Consume</c> blocks), the subscription after <see cref="StartingAsync"/>, consume errors logged and gone past
/// (librdkafka reconnects by itself), commits whose failure is logged (the next commit covers the offsets, or the
/// events are read again), and on shutdown <see cref="StoppingAsync"/>, then leaving the group. Lag is reported by the
/// consumer itself (<see cref="KafkaConsumerFactory"/>).
/// </summary>
public abstract partial class KafkaConsumerLoop(IConsumer<string, byte[]> consumer, ILogger logger) : BackgroundService
{
    protected IConsumer<string, byte[]> Consumer => consumer;

    /// <summary>The topics subscribed to.</summary>
    protected abstract IEnumerable<string> Topics { get; }

    /// <summary>The longest one poll waits for a message: <see cref="AfterPoll"/> runs at least this often.</summary>
    protected virtual TimeSpan PollInterval => TimeSpan.FromMilliseconds(200);

    /// <summary>Before subscribing (a schema to ensure, an index to fill).</summary>
    protected virtual Task StartingAsync(CancellationToken stoppingToken) => Task.CompletedTask;

    /// <summary>One message read (never a partition's end).</summary>
    protected abstract Task HandleAsync(ConsumeResult<string, byte[]> result, CancellationToken stoppingToken);

    /// <summary>After each poll, whether it brought a message or not.</summary>
    protected virtual void AfterPoll()
    {
    }

    /// <summary>Once the loop has ended and before the group is left: what is in flight finishes, the last commit.</summary>
    protected virtual Task StoppingAsync() => Task.CompletedTask;

    protected sealed override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => RunAsync(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    /// <summary>Commits <paramref name="offsets"/>; false when Kafka refused (a partition revoked, the broker away).</summary>
    protected bool TryCommit(IEnumerable<TopicPartitionOffset> offsets)
    {
        try
        {
            consumer.Commit(offsets);
            return true;
        }
        catch (KafkaException e)
        {
            LogCommitFailed(logger, e.Error.Code, e.Error.Reason);
            return false;
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        await StartingAsync(stoppingToken);
        consumer.Subscribe(Topics);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (Consume(stoppingToken) is { IsPartitionEOF: false, Message: not null } result)
                {
                    await HandleAsync(result, stoppingToken);
                }

                AfterPoll();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what was not handled stays uncommitted and is read again next time.
        }
        finally
        {
            var stopping = Stopwatch.StartNew();
            await StoppingAsync();
            var stopped = stopping.ElapsedMilliseconds;
            consumer.Close();
            LogStopped(logger, stopped, stopping.ElapsedMilliseconds - stopped);
        }
    }

    private ConsumeResult<string, byte[]>? Consume(CancellationToken stoppingToken)
    {
        try
        {
            return consumer.Consume(PollInterval);
        }
        catch (ConsumeException e)
        {
            LogConsumeError(logger, e.Error.Code, e.Error.Reason);
            return null;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka consume error {Code}: {Reason}")]
    private static partial void LogConsumeError(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Offset commit failed {Code}: {Reason}")]
    private static partial void LogCommitFailed(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consumer stopped: its work finished in {StoppingMs} ms, the group left in {CloseMs} ms")]
    private static partial void LogStopped(ILogger logger, long stoppingMs, long closeMs);
}
