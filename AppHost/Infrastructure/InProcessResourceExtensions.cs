using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace AppHost.Infrastructure;

public static class InProcessResourceExtensions
{
    /// <summary>
    /// A resource the AppHost runs itself (no DCP process): shown on the dashboard as <paramref name="resourceType"/>
    /// with <paramref name="iconName"/> and <paramref name="properties"/>, NotStarted until it waits for what it waits
    /// for, then Starting while <paramref name="start"/> runs (which may add to the snapshot), then Running with its
    /// connection string announced. The event dispatcher drops handler exceptions, so a failure is logged on the
    /// resource and shown as FailedToStart.
    /// </summary>
    public static IResourceBuilder<T> RunInProcess<T>(
        this IResourceBuilder<T> builder,
        string resourceType,
        string iconName,
        Func<T, InitializeResourceEvent, CancellationToken, Task<Func<CustomResourceSnapshot, CustomResourceSnapshot>>> start,
        params ResourcePropertySnapshot[] properties)
        where T : IResourceWithConnectionString => builder
        .WithIconName(iconName)
        .WithInitialState(new CustomResourceSnapshot
        {
            ResourceType = resourceType,
            State = KnownResourceStates.NotStarted,
            Properties = [.. properties],
        })
        .OnInitializeResource(async (resource, e, ct) =>
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

    /// <summary>
    /// Runs the <see cref="LocalHttpEndpoint"/> that <paramref name="create"/> makes as the resource (never in the manifest):
    /// healthy once it listens, with a dashboard link named <paramref name="link"/> to its <paramref name="linkPath"/>
    /// (by default, the messages it received).
    /// </summary>
    public static IResourceBuilder<T> RunAsLocalEndpoint<T, TEndpoint>(
        this IResourceBuilder<T> builder, string resourceType, string iconName, string description, Func<T, ILogger, TEndpoint> create,
        string link = "messages", string linkPath = "messages")
        where T : LocalEndpointResource<TEndpoint>
        where TEndpoint : LocalHttpEndpoint
    {
        var healthCheck = $"{builder.Resource.Name}_check";
        builder.ApplicationBuilder.Services.AddHealthChecks().AddCheck(healthCheck, () => builder.Resource.Endpoint?.Url is null
            ? HealthCheckResult.Unhealthy("Not listening yet.")
            : HealthCheckResult.Healthy());

        return builder
            .ExcludeFromManifest()
            .RunInProcess(resourceType, iconName, async (resource, e, ct) =>
            {
                var endpoint = resource.Endpoint = create(resource, e.Logger);
                await endpoint.StartAsync(ct).ConfigureAwait(false);
                e.Logger.LogInformation("{Description} listening on {Url}", description, endpoint.Url);
                return s => s with { Urls = [new UrlSnapshot(link, new Uri(endpoint.Url!, linkPath).ToString(), IsInternal: false)] };
            })
            .WithHealthCheck(healthCheck);
    }
}
