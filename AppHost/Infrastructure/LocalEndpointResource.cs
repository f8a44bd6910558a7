namespace AppHost.Infrastructure;

/// <summary>
/// A resource that is a <see cref="LocalHttpEndpoint"/> the AppHost serves: its connection string is the endpoint's URL,
/// known only once it listens (its port is ephemeral), like any value derived from it.
/// </summary>
public abstract class LocalEndpointResource<TEndpoint>(string name) : Resource(name), IResourceWithConnectionString, IAsyncDisposable
    where TEndpoint : LocalHttpEndpoint
{
    public TEndpoint? Endpoint { get; set; }

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{new ListeningValue(this, "url", e => e.Url!.ToString().TrimEnd('/'))}");

    /// <summary>A value of the listening endpoint, as a reference a service's environment can take (<c>{name.property}</c> in a manifest).</summary>
    protected IValueProvider WhenListening(string property, Func<TEndpoint, string> value) => new ListeningValue(this, property, value);

    public virtual async ValueTask DisposeAsync()
    {
        if (Endpoint is not null)
        {
            await Endpoint.DisposeAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }

    private sealed class ListeningValue(LocalEndpointResource<TEndpoint> resource, string property, Func<TEndpoint, string> value)
        : IValueProvider, IManifestExpressionProvider
    {
        public string ValueExpression => $"{{{resource.Name}.{property}}}";

        public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(resource.Endpoint?.Url is null ? null : value(resource.Endpoint));
    }
}
