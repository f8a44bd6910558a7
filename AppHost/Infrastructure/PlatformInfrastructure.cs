using AppHost.Infrastructure.Aws;

namespace AppHost.Infrastructure;

/// <summary>
/// What the services depend on, whichever way the infrastructure is provided. <see cref="Aws"/> is the development
/// SES/SNS endpoint: none when publishing, where the services reach AWS itself.
/// </summary>
public sealed record PlatformInfrastructure(
    InfrastructureMode Mode,
    IResourceBuilder<IResourceWithConnectionString> Broadleaf,
    IResourceBuilder<IResourceWithConnectionString> Notifications,
    IResourceBuilder<IResourceWithConnectionString> Reporting,
    IResourceBuilder<IResourceWithConnectionString> Kafka,
    IResourceBuilder<IResourceWithConnectionString>? Solr,
    IResourceBuilder<IAwsEmulatorResource>? Aws)
{
    /// <summary>The search engine Search.Api uses: Solr where it can run, an embedded Lucene.NET index otherwise.</summary>
    public string SearchEngine => Solr is null ? "lucene" : "solr";
}
