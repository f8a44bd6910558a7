namespace AppHost.Infrastructure.Solr;

/// <summary>Solr 9 in a container; its connection string is the base URL of the <c>products</c> core.</summary>
public sealed class SolrContainerResource(string name, string core) : ContainerResource(name), IResourceWithConnectionString
{
    public const string HttpEndpointName = "http";

    public string Core { get; } = core;

    public EndpointReference HttpEndpoint => new(this, HttpEndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{HttpEndpoint.Property(EndpointProperty.Url)}/solr/{Core}");
}
