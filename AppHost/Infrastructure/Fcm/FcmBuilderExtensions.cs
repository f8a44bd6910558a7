using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace AppHost.Infrastructure.Fcm;

public static class FcmBuilderExtensions
{
    /// <summary>Adds <see cref="LocalFcmEndpoint"/>, started in this process; the dashboard links to the pushes it received.</summary>
    public static IResourceBuilder<LocalFcmResource> AddLocalFcm(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        var fcm = new LocalFcmResource(name);
        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().AddCheck(healthCheck, () => fcm.Endpoint?.Url is null
            ? HealthCheckResult.Unhealthy("Not listening yet.")
            : HealthCheckResult.Healthy());

        return builder.AddResource(fcm)
            .ExcludeFromManifest()
            .RunInProcess("LocalFcm", "Alert", async (resource, e, ct) =>
            {
                resource.Endpoint = new LocalFcmEndpoint(resource.Account, e.Logger);
                await resource.Endpoint.StartAsync(ct).ConfigureAwait(false);
                var url = resource.Endpoint.Url!;
                e.Logger.LogInformation("FCM HTTP v1 and OAuth 2.0 token endpoint listening on {Url}", url);
                return s => s with { Urls = [new UrlSnapshot("messages", new Uri(url, "messages").ToString(), IsInternal: false)] };
            })
            .WithHealthCheck(healthCheck);
    }

    /// <summary>
    /// Gives the service its FCM credentials: in a run, the local endpoint's URL and the run's service-account key; when
    /// published, the <paramref name="credentials"/> secret parameter (a service-account key or a workload identity
    /// federation configuration) and Google's own endpoint.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithFcm(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<LocalFcmResource>? fcm, IResourceBuilder<ParameterResource>? credentials)
    {
        const string variable = "Notifications__Push__Credentials";
        if (fcm is not null)
        {
            service.WithReference(fcm).WaitFor(fcm).WithEnvironment(context => context.EnvironmentVariables[variable] = fcm.Resource.ServiceAccountJson);
        }

        return credentials is null ? service : service.WithEnvironment(variable, credentials);
    }
}
