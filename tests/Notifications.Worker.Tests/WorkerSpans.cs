using System.Collections.Concurrent;
using System.Diagnostics;

namespace Notifications.Worker.Tests;

/// <summary>Records every span the worker's own activity source stops while it is alive.</summary>
internal sealed class WorkerSpans : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public WorkerSpans()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Notifications.Worker",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<Activity> Stopped => [.. _stopped];

    public void Dispose() => _listener.Dispose();
}
