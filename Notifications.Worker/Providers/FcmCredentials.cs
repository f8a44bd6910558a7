using System.Text.Json.Nodes;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;
using Microsoft.Extensions.Options;

namespace Notifications.Worker.Providers;

/// <summary>
/// OAuth 2.0 access tokens for FCM from Google.Apis.Auth: the service-account flow (a JWT assertion signed with the key,
/// exchanged at the key's <c>token_uri</c>) or workload identity federation, cached and refreshed ahead of expiry by the
/// library. <see cref="RefreshAsync"/> is for a token FCM refused before its time (revoked, or the clock was off).
/// </summary>
public sealed class FcmCredentials
{
    public const string Scope = "https://www.googleapis.com/auth/firebase.messaging";

    private readonly ServiceCredential? _credential;
    private readonly TimeSpan _timeout;
    private readonly SemaphoreSlim _refresh = new(1, 1);

    public FcmCredentials(IOptions<NotificationsOptions> options)
    {
        var push = options.Value.Push;
        _timeout = options.Value.SendTimeout;
        if (string.IsNullOrWhiteSpace(push.Credentials))
        {
            return;
        }

        // Only the kinds a server should be given: loading any kind from configuration would let it name another flow.
        var type = JsonNode.Parse(push.Credentials)?["type"]?.GetValue<string>();
        if (type is not (JsonCredentialParameters.ServiceAccountCredentialType or JsonCredentialParameters.ExternalAccountCredentialType))
        {
            throw new InvalidOperationException("Notifications:Push:Credentials is neither a service account key nor a workload identity federation configuration.");
        }

        _credential = (ServiceCredential)CredentialFactory.FromJson(push.Credentials, type).CreateScoped(Scope).UnderlyingCredential;
        ProjectId = string.IsNullOrEmpty(push.ProjectId) ? (_credential as ServiceAccountCredential)?.ProjectId : push.ProjectId;
        if (string.IsNullOrEmpty(ProjectId))
        {
            throw new InvalidOperationException("Notifications:Push:ProjectId is required when the credentials name no project.");
        }
    }

    /// <summary>The Firebase project messages are sent through.</summary>
    public string? ProjectId { get; }

    /// <summary>The current access token, fetched first if there is none or it is about to expire.</summary>
    /// <exception cref="ProviderException">The token endpoint failed (transient) or refused the credentials (permanent).</exception>
    public Task<string> GetAsync(CancellationToken ct) => WithinTimeoutAsync(c => Credential.GetAccessTokenForRequestAsync(cancellationToken: c), ct);

    /// <summary>Fetches a new token unless another send already replaced <paramref name="refused"/>.</summary>
    public async Task RefreshAsync(string refused, CancellationToken ct)
    {
        await _refresh.WaitAsync(ct);
        try
        {
            if (Credential.Token?.AccessToken == refused)
            {
                await WithinTimeoutAsync(c => Credential.RequestAccessTokenAsync(c), ct);
            }
        }
        finally
        {
            _refresh.Release();
        }
    }

    private ServiceCredential Credential => _credential ?? throw new InvalidOperationException("Push is not configured: Notifications:Push:Credentials is empty.");

    private async Task<T> WithinTimeoutAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_timeout);
        try
        {
            return await call(timeout.Token);
        }
        catch (TokenResponseException e)
        {
            // The token endpoint's own answer: a 5xx is its trouble, anything else is the credentials (invalid_grant...).
            var status = e.StatusCode is { } s ? (int)s : 400;
            throw new ProviderException(status, $"access token refused: {e.Error.Error}", transient: status >= 500, e);
        }
        catch (HttpRequestException e)
        {
            throw new ProviderException(null, $"access token: {e.HttpRequestError}", transient: true, e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new ProviderException(null, "access token: Timeout", transient: true, e);
        }
    }
}
