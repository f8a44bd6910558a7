using AppHost.Infrastructure;

namespace AppHost.Security;

/// <summary>The development identity provider as a resource of the run; its connection string is its URL.</summary>
public sealed class DevelopmentIdentityResource(string name, DevelopmentIdentityProvider provider)
    : LocalEndpointResource<DevelopmentIdentityProvider>(name)
{
    public DevelopmentIdentityProvider Provider { get; } = provider;
}
