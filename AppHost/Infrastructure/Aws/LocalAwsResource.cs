namespace AppHost.Infrastructure.Aws;

/// <summary>
/// AWS SES and SNS in local mode: <see cref="LocalAwsEndpoint"/> in the AppHost process. Its connection string is the
/// endpoint URL, as LocalStack's is in containers mode; services sign for it with <see cref="AccessKeyId"/> and
/// <see cref="SecretAccessKey"/> (a fresh secret per run) through the AWS credential chain's environment variables.
/// </summary>
public sealed class LocalAwsResource(string name) : LocalEndpointResource<LocalAwsEndpoint>(name), IAwsEmulatorResource
{
    public string AccessKeyId => "LOCALAWSDEVELOPMENT";

    public string SecretAccessKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(30));
}
