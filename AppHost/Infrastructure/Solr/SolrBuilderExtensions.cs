namespace AppHost.Infrastructure.Solr;

public static class SolrBuilderExtensions
{
    /// <summary>
    /// Adds the stock <c>solr:9</c> image with the core created at start (<c>solr-precreate</c>); Search.Api ensures
    /// its schema through the Schema API, so no custom image or bind mount is needed in Kubernetes.
    /// </summary>
    public static IResourceBuilder<SolrContainerResource> AddSolr(this IDistributedApplicationBuilder builder, [ResourceName] string name, string core)
    {
        return builder.AddResource(new SolrContainerResource(name, core))
            .WithImage("solr", "9.8")
            .WithImageRegistry("docker.io")
            .WithHttpEndpoint(targetPort: 8983, name: SolrContainerResource.HttpEndpointName)
            .WithArgs("solr-precreate", core)
            .WithHttpHealthCheck($"/solr/{core}/admin/ping", endpointName: SolrContainerResource.HttpEndpointName);
    }
}
