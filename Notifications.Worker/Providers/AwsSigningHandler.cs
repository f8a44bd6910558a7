using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace Notifications.Worker.Providers;

/// <summary>
/// Signs every request with AWS Signature Version 4 through AWSSDK.Core's signer, with credentials from the SDK's
/// chain (environment, profile, web identity for IRSA), resolved on each send so rotated credentials are picked up.
/// </summary>
public sealed class AwsSigningHandler(AWSCredentials credentials, RegionEndpoint region, string service) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var signing = new AWSSigningRequest
        {
            HttpMethod = request.Method,
            RequestUri = request.RequestUri!,
            Content = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken),
        };
        foreach (var header in request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
        {
            signing.Headers[header.Key] = string.Join(',', header.Value);
        }

        var signed = await AWSSigV4Signer.SignAsync(signing, new AWSSigV4Parameters { Credentials = credentials, Region = region, Service = service }, cancellationToken);
        foreach (var (name, value) in signed.Headers)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
