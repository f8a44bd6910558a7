namespace AppHost.Infrastructure.Fcm;

public static class FcmBuilderExtensions
{
    /// <summary>Adds <see cref="LocalFcmEndpoint"/>, started in this process; the dashboard links to the pushes it received.</summary>
    public static IResourceBuilder<LocalFcmResource> AddLocalFcm(this IDistributedApplicationBuilder builder, [ResourceName] string name) =>
        builder.AddResource(new LocalFcmResource(name))
            .RunAsLocalEndpoint("LocalFcm", "Alert", "FCM HTTP v1 and OAuth 2.0 token endpoint", (resource, logger) =>
                new LocalFcmEndpoint(resource.Account, logger));

    /// <summary>
    /// Gives the service its FCM credentials: in a run, the local endpoint's URL and the run's service-account key; when
    /// published, the <paramref name="credentials"/> secret parameter (a service-account key or a workload identity
    /// federation configuration) and Google's own endpoint.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithFcm(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<LocalFcmResource>? fcm, IResourceBuilder<ParameterResource>? credentials)
    {
        const string Variable = "Notifications__Push__Credentials";
        if (fcm is not null)
        {
            service.WithReference(fcm).WaitFor(fcm).WithEnvironment(context => context.EnvironmentVariables[Variable] = fcm.Resource.ServiceAccountJson);
        }

        return credentials is null ? service : service.WithEnvironment(Variable, credentials);
    }
}
