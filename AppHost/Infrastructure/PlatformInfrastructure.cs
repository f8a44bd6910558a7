namespace AppHost.Infrastructure;

/// <summary>What the services depend on, whichever way the infrastructure is provided.</summary>
public sealed record PlatformInfrastructure(
    InfrastructureMode Mode,
    IResourceBuilder<IResourceWithConnectionString> Broadleaf,
    IResourceBuilder<IResourceWithConnectionString> Notifications,
    IResourceBuilder<IResourceWithConnectionString> Reporting,
    IResourceBuilder<IResourceWithConnectionString> Kafka,
    IResourceBuilder<IResourceWithConnectionString>? Solr)
{
    /// <summary>The search engine Search.Api uses: Solr where it can run, an embedded Lucene.NET index otherwise.</summary>
    public string SearchEngine => Solr is null ? "lucene" : "solr";
}
