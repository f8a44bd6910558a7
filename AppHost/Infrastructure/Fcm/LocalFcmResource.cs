namespace AppHost.Infrastructure.Fcm;

/// <summary>
/// Firebase Cloud Messaging for development: <see cref="LocalFcmEndpoint"/> in the AppHost process. Its connection string
/// is the endpoint URL (in place of <c>https://fcm.googleapis.com</c>); <see cref="ServiceAccountJson"/> is the run's
/// service-account key, whose token URI is the endpoint's.
/// </summary>
public sealed class LocalFcmResource(string name) : LocalEndpointResource<LocalFcmEndpoint>(name)
{
    public LocalFcmAccount Account { get; } = new();

    /// <summary>The credentials JSON the worker's Google.Apis.Auth reads (a secret, but of this run only).</summary>
    public IValueProvider ServiceAccountJson => WhenListening("serviceAccountJson", e => Account.ServiceAccountJson(e.TokenUri));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        Account.Dispose();
    }
}
