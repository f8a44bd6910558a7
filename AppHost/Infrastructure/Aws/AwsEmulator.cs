namespace AppHost.Infrastructure.Aws;

/// <summary>An SES and SNS compatible endpoint for development (never in the manifest): its URL and the credentials it accepts.</summary>
public interface IAwsEmulatorResource : IResourceWithConnectionString
{
    /// <summary>The region services sign for.</summary>
    const string Region = "eu-west-1";

    string AccessKeyId { get; }

    string SecretAccessKey { get; }
}
