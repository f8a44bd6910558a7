namespace AppHost.Infrastructure;

public static class PlatformServiceExtensions
{
    /// <summary>
    /// What every platform service gets: only connection strings and service discovery injected (Aspire 13 would also add
    /// per-reference <c>*_PASSWORD</c>/<c>*_URI</c> variables, which aspirate would put in a ConfigMap), and healthy only
    /// when its own <c>/health</c> says its dependencies work.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AsPlatformService(this IResourceBuilder<ProjectResource> service) =>
        service
            .WithReferenceEnvironment(ReferenceEnvironmentInjectionFlags.ConnectionString | ReferenceEnvironmentInjectionFlags.ServiceDiscovery)
            .WithHttpHealthCheck("/health");

    /// <summary>A platform service with an HTTP API: the dashboard also links to its API reference (Scalar, served in development).</summary>
    public static IResourceBuilder<ProjectResource> AsPlatformApi(this IResourceBuilder<ProjectResource> service) =>
        service
            .AsPlatformService()
            .WithUrlForEndpoint("http", _ => new ResourceUrlAnnotation { Url = "/scalar/v1", DisplayText = "API reference" });
}
