using Microsoft.Extensions.Logging;

namespace AppHost.Infrastructure;

public static class InProcessResourceExtensions
{
    /// <summary>
    /// The lifecycle of a resource the AppHost runs itself (no DCP process): waits for what it waits for, shows
    /// Starting, runs <paramref name="start"/> (which may add to the snapshot), then Running and its connection string
    /// announced. The event dispatcher drops handler exceptions, so a failure is logged on the resource and shown as
    /// FailedToStart.
    /// </summary>
    public static IResourceBuilder<T> OnStartInProcess<T>(
        this IResourceBuilder<T> builder,
        Func<T, InitializeResourceEvent, CancellationToken, Task<Func<CustomResourceSnapshot, CustomResourceSnapshot>>> start)
        where T : IResourceWithConnectionString =>
        builder.OnInitializeResource(async (resource, e, ct) =>
        {
            try
            {
                // Returns once every WaitFor dependency is ready.
                await e.Eventing.PublishAsync(new BeforeResourceStartedEvent(resource, e.Services), ct).ConfigureAwait(false);
                await e.Notifications.PublishUpdateAsync(resource, s => s with { State = KnownResourceStates.Starting }).ConfigureAwait(false);
                var started = await start(resource, e, ct).ConfigureAwait(false);
                await e.Notifications.PublishUpdateAsync(resource, s => started(s with
                {
                    State = KnownResourceStates.Running,
                    StartTimeStamp = DateTime.UtcNow,
                })).ConfigureAwait(false);
                await e.Eventing.PublishAsync(new ConnectionStringAvailableEvent(resource, e.Services), ct).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                e.Logger.LogError(ex, "{Resource} did not start", resource.Name);
                await e.Notifications.PublishUpdateAsync(resource, s => s with { State = KnownResourceStates.FailedToStart }).ConfigureAwait(false);
            }
        });
}
