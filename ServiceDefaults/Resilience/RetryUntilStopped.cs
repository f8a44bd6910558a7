namespace ServiceDefaults.Resilience;

/// <summary>
/// For background work that must not skip ahead (a consumed message not yet applied): try again after each failure,
/// waiting 2, 4, 8... seconds up to 30, until it succeeds or the service stops.
/// </summary>
public static class RetryUntilStopped
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <param name="onFailure">Told the attempt that failed, why, and how long the next one waits (for the caller's log).</param>
    public static async Task RunAsync(Func<CancellationToken, Task> action, Action<int, Exception, TimeSpan> onFailure, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await action(stoppingToken);
                return;
            }
            // Only shutdown ends the loop: a timeout's cancellation inside the action is one more failure.
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                var backoff = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, attempt)));
                onFailure(attempt, e, backoff);
                await Task.Delay(backoff, stoppingToken);
            }
        }
    }
}
