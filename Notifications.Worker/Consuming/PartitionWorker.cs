using System.Threading.Channels;
using Confluent.Kafka;

namespace Notifications.Worker.Consuming;

/// <summary>The messages of one partition, processed in order by one task; a bounded buffer with one held-back message when full.</summary>
internal sealed class PartitionWorker
{
    private readonly Channel<ConsumeResult<string, byte[]>> _buffer;
    private readonly CancellationTokenSource _abandon = new();
    private readonly Task _processing;
    private ConsumeResult<string, byte[]>? _heldBack;

    public PartitionWorker(TopicPartition partition, int capacity, Func<ConsumeResult<string, byte[]>, CancellationToken, Task> process)
    {
        Partition = partition;
        _buffer = Channel.CreateBounded<ConsumeResult<string, byte[]>>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        _processing = Task.Run(async () =>
        {
            try
            {
                await foreach (var message in _buffer.Reader.ReadAllAsync(_abandon.Token))
                {
                    await process(message, _abandon.Token);
                }
            }
            catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
            {
                // Shutdown grace ran out: what is left stays uncommitted.
            }
        });
    }

    public TopicPartition Partition { get; }

    /// <summary>False when the buffer is full: the message is held back and the partition should be paused.</summary>
    public bool TryEnqueue(ConsumeResult<string, byte[]> message)
    {
        if (_heldBack is null && _buffer.Writer.TryWrite(message))
        {
            return true;
        }

        _heldBack = message;
        return false;
    }

    /// <summary>True when a held-back message got into the buffer (the partition can resume).</summary>
    public bool TryFlushHeldBack()
    {
        if (_heldBack is null || !_buffer.Writer.TryWrite(_heldBack))
        {
            return false;
        }

        _heldBack = null;
        return true;
    }

    /// <summary>Takes no more messages; finishes the buffered ones unless <paramref name="grace"/> runs out first.</summary>
    public async Task StopAsync(CancellationToken grace)
    {
        _buffer.Writer.TryComplete();
        await using (grace.Register(_abandon.Cancel))
        {
            await _processing;
        }
    }
}
