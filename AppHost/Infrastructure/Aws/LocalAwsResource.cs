namespace AppHost.Infrastructure.Aws;

/// <summary>
/// AWS SES and SNS in local mode: <see cref="LocalAwsEndpoint"/> in the AppHost process. Its connection string is the
/// endpoint URL, as LocalStack's is in containers mode; services sign for it with <see cref="AccessKeyId"/> and
/// <see cref="SecretAccessKey"/> (a fresh secret per run) through the AWS credential chain's environment variables.
/// </summary>
public sealed class LocalAwsResource(string name) : Resource(name), IAwsEmulatorResource, IAsyncDisposable
{
    public string AccessKeyId => "LOCALAWSDEVELOPMENT";

    public string SecretAccessKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(30));

    public LocalAwsEndpoint? Endpoint { get; set; }

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{new EndpointUrl(this)}");

    public async ValueTask DisposeAsync()
    {
        if (Endpoint is not null)
        {
            await Endpoint.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Known only once the endpoint listens: its port is ephemeral.</summary>
    private sealed class EndpointUrl(LocalAwsResource resource) : IValueProvider, IManifestExpressionProvider
    {
        public string ValueExpression => $"{{{resource.Name}.url}}";

        public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(resource.Endpoint?.Url?.ToString().TrimEnd('/'));
    }
}
