namespace AppHost.Infrastructure.Aws;

public static class AwsBuilderExtensions
{
    /// <summary>Adds <see cref="LocalAwsEndpoint"/>, started in this process; the dashboard links to what it received.</summary>
    public static IResourceBuilder<LocalAwsResource> AddLocalAws(this IDistributedApplicationBuilder builder, [ResourceName] string name) =>
        builder.AddResource(new LocalAwsResource(name))
            .RunAsLocalEndpoint("LocalAws", "Mail", "SES v2 and SNS endpoint", (resource, logger) =>
                new LocalAwsEndpoint(new SigV4Verifier(resource.AccessKeyId, resource.SecretAccessKey, TimeProvider.System), logger));

    /// <summary>LocalStack with SES and SNS (containers mode, development only: excluded from the manifest).</summary>
    public static IResourceBuilder<LocalStackResource> AddLocalStack(this IDistributedApplicationBuilder builder, [ResourceName] string name) =>
        builder.AddResource(new LocalStackResource(name))
            .WithImage("localstack/localstack", "4.9")
            .WithImageRegistry("docker.io")
            .WithHttpEndpoint(targetPort: 4566, name: LocalStackResource.HttpEndpointName)
            .WithEnvironment("SERVICES", "ses,sns")
            .WithHttpHealthCheck("/_localstack/health", endpointName: LocalStackResource.HttpEndpointName)
            .ExcludeFromManifest();

    /// <summary>
    /// Points the service's SES and SNS clients at the emulator and gives it the emulator's credentials through the
    /// environment variables of the AWS credential chain (development only; production uses the chain as it is).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithAwsEmulator(this IResourceBuilder<ProjectResource> service, IResourceBuilder<IAwsEmulatorResource>? aws)
    {
        if (aws is null)
        {
            return service;
        }

        return service
            .WithReference(aws).WaitFor(aws)
            .WithEnvironment("AWS_REGION", IAwsEmulatorResource.Region)
            .WithEnvironment("AWS_ACCESS_KEY_ID", aws.Resource.AccessKeyId)
            .WithEnvironment("AWS_SECRET_ACCESS_KEY", aws.Resource.SecretAccessKey);
    }
}
