namespace AppHost.Infrastructure.Fcm;

/// <summary>
/// Firebase Cloud Messaging for development: <see cref="LocalFcmEndpoint"/> in the AppHost process. Its connection string
/// is the endpoint URL (in place of <c>https://fcm.googleapis.com</c>); <see cref="ServiceAccountJson"/> is the run's
/// service-account key, whose token URI is the endpoint's.
/// </summary>
public sealed class LocalFcmResource(string name) : Resource(name), IResourceWithConnectionString, IAsyncDisposable
{
    public LocalFcmAccount Account { get; } = new();

    public LocalFcmEndpoint? Endpoint { get; set; }

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{new WhenListening(this, $"{Name}.url", e => e.Url!.ToString().TrimEnd('/'))}");

    /// <summary>The credentials JSON the worker's Google.Apis.Auth reads (a secret, but of this run only).</summary>
    public IValueProvider ServiceAccountJson => new WhenListening(this, $"{Name}.serviceAccountJson", e => Account.ServiceAccountJson(e.TokenUri));

    public async ValueTask DisposeAsync()
    {
        if (Endpoint is not null)
        {
            await Endpoint.DisposeAsync().ConfigureAwait(false);
        }

        Account.Dispose();
    }

    /// <summary>Known only once the endpoint listens: its port is ephemeral.</summary>
    private sealed class WhenListening(LocalFcmResource resource, string expression, Func<LocalFcmEndpoint, string> value) : IValueProvider, IManifestExpressionProvider
    {
        public string ValueExpression => $"{{{expression}}}";

        public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(resource.Endpoint?.Url is null ? null : value(resource.Endpoint));
    }
}
