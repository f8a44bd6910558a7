using AppHost.Infrastructure.Aws;
using AppHost.Infrastructure.Fcm;

namespace AppHost.Infrastructure;

/// <summary>
/// What the services depend on, whichever way the infrastructure is provided. <see cref="Aws"/> is the development
/// SES/SNS endpoint: none when publishing, where the services reach AWS itself. Likewise <see cref="Fcm"/>, the development
/// FCM endpoint (in both run modes: Firebase offers no emulator of its own for FCM), and <see cref="FcmCredentials"/>, the
/// secret parameter that replaces it when publishing.
/// </summary>
public sealed record PlatformInfrastructure(
    InfrastructureMode Mode,
    IResourceBuilder<IResourceWithConnectionString> Broadleaf,
    IResourceBuilder<IResourceWithConnectionString> Notifications,
    IResourceBuilder<IResourceWithConnectionString> Reporting,
    IResourceBuilder<IResourceWithConnectionString> Kafka,
    IResourceBuilder<IResourceWithConnectionString>? Solr,
    IResourceBuilder<IAwsEmulatorResource>? Aws,
    IResourceBuilder<LocalFcmResource>? Fcm,
    IResourceBuilder<ParameterResource>? FcmCredentials)
{
    /// <summary>The search engine Search.Api uses: Solr where it can run, an embedded Lucene.NET index otherwise.</summary>
    public string SearchEngine => Solr is null ? "lucene" : "solr";
}
