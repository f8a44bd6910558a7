namespace AppHost.Infrastructure.Aws;

/// <summary>LocalStack with SES and SNS, the AWS endpoint of containers mode; it accepts any credentials.</summary>
public sealed class LocalStackResource(string name) : ContainerResource(name), IAwsEmulatorResource
{
    public const string HttpEndpointName = "http";

    public string AccessKeyId => "test";

    public string SecretAccessKey => "test";

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{new EndpointReference(this, HttpEndpointName).Property(EndpointProperty.Url)}");
}
