using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AppHost.Infrastructure.Kafka;

public static class KafkaBuilderExtensions
{
    private const int MockBrokers = 3;

    /// <summary>Adds librdkafka's mock cluster, started in this process with the platform's topics.</summary>
    public static IResourceBuilder<KafkaMockClusterResource> AddKafkaMockCluster(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        var kafka = new KafkaMockClusterResource(name);
        builder.Services.AddHostedService(_ => new DisposeOnStop(kafka));

        return builder.AddResource(kafka)
            .RunInProcess("KafkaMockCluster", "Stream", async (resource, e, ct) =>
            {
                resource.Start(MockBrokers, PlatformTopics.All);
                var bootstrap = await resource.ConnectionStringExpression.GetValueAsync(ct).ConfigureAwait(false);
                e.Logger.LogInformation("Kafka mock cluster listening on {BootstrapServers} with topics {Topics}",
                    bootstrap, string.Join(", ", PlatformTopics.All.Select(t => $"{t.Name}({t.Partitions})")));
                var console = resource.Console = new KafkaConsoleEndpoint(() => bootstrap, PlatformTopics.ConsumerGroups);
                await console.StartAsync(ct).ConfigureAwait(false);
                return s => s with
                {
                    Properties = [.. s.Properties, new("kafka.bootstrap", bootstrap)],
                    Urls = [new UrlSnapshot("topics", console.Url!.ToString(), IsInternal: false)],
                };
            })
            .WithKafkaHealthCheck(requireTopics: true)
            .WithBrokerOutageCommand("brokers-down", "Take the brokers down", down: true, "PlugDisconnected")
            .WithBrokerOutageCommand("brokers-up", "Bring the brokers up", down: false, "PlugConnected");
    }

    /// <summary>
    /// References Kafka and waits for it. Against the mock cluster, consumers fetch with a short wait: the mock answers a
    /// fetch when its wait is over, not as soon as a message arrives as a broker does, which would add up to librdkafka's
    /// default 500 ms to every message.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithKafka(this IResourceBuilder<ProjectResource> service, IResourceBuilder<IResourceWithConnectionString> kafka)
    {
        service.WithReference(kafka).WaitFor(kafka);
        return kafka.Resource is KafkaMockClusterResource ? service.WithEnvironment("Kafka__Consumer__fetch.wait.max.ms", "10") : service;
    }

    /// <summary>A dashboard command (also used by fault tests) that simulates a Kafka outage, or ends it.</summary>
    private static IResourceBuilder<KafkaMockClusterResource> WithBrokerOutageCommand(
        this IResourceBuilder<KafkaMockClusterResource> kafka, string name, string displayName, bool down, string icon) =>
        kafka.WithCommand(name, displayName, _ =>
        {
            kafka.Resource.SetBrokersDown(down);
            return Task.FromResult(CommandResults.Success());
        }, new CommandOptions
        {
            Description = down ? "Every broker refuses connections until brought up again." : "The brokers accept connections again.",
            IconName = icon,
        });

    /// <summary>
    /// Adds Kafka in KRaft mode (<c>confluentinc/confluent-local</c>, as Aspire's own Kafka integration uses) with a listener
    /// for host processes and one for containers; the platform's topics are created once the broker answers.
    /// </summary>
    public static IResourceBuilder<KafkaContainerResource> AddKafkaContainer(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        var kafka = new KafkaContainerResource(name);
        return builder.AddResource(kafka)
            .WithImage("confluentinc/confluent-local", "8.1.1")
            .WithImageRegistry("docker.io")
            .WithEndpoint(targetPort: KafkaContainerResource.BrokerPort, name: KafkaContainerResource.PrimaryEndpointName)
            .WithEndpoint(targetPort: KafkaContainerResource.InternalBrokerPort, name: KafkaContainerResource.InternalEndpointName)
            .WithEnvironment(kafka.ConfigureListeners)
            .OnResourceReady(async (resource, _, ct) =>
                await CreateTopicsAsync((await resource.ConnectionStringExpression.GetValueAsync(ct).ConfigureAwait(false))!).ConfigureAwait(false))
            .WithKafkaHealthCheck(requireTopics: false);
    }

    private static async Task CreateTopicsAsync(string bootstrap)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap, SocketTimeoutMs = 10_000 }).Build();
        var existing = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Select(t => t.Topic).ToHashSet();
        var missing = PlatformTopics.All
            .Where(t => !existing.Contains(t.Name))
            .Select(t => new TopicSpecification { Name = t.Name, NumPartitions = t.Partitions, ReplicationFactor = 1 })
            .ToList();
        if (missing.Count > 0)
        {
            await admin.CreateTopicsAsync(missing, new CreateTopicsOptions { RequestTimeout = TimeSpan.FromSeconds(10) }).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Kafka UI for development (<c>kafbat/kafka-ui</c>, the image Aspire's own Kafka integration offers): topics,
    /// consumer groups and their lag, messages. It reaches the broker on its container listener; never in the manifest.
    /// </summary>
    public static IResourceBuilder<KafkaContainerResource> WithKafkaUi(this IResourceBuilder<KafkaContainerResource> kafka, [ResourceName] string name)
    {
        var broker = kafka.Resource.InternalEndpoint;
        kafka.ApplicationBuilder.AddContainer(name, "kafbat/kafka-ui", "v1.5.0")
            .WithImageRegistry("docker.io")
            .WithHttpEndpoint(targetPort: 8080, name: "http")
            .WithEnvironment("KAFKA_CLUSTERS_0_NAME", kafka.Resource.Name)
            .WithEnvironment("KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS", ReferenceExpression.Create($"{kafka.Resource.Name}:{broker.Property(EndpointProperty.TargetPort)}"))
            .WithParentRelationship(kafka)
            .WaitFor(kafka)
            .ExcludeFromManifest();
        return kafka;
    }

    /// <summary>Healthy when a client gets cluster metadata (listing every platform topic, when required).</summary>
    public static IResourceBuilder<T> WithKafkaHealthCheck<T>(this IResourceBuilder<T> builder, bool requireTopics)
        where T : IResourceWithConnectionString
    {
        var key = $"{builder.Resource.Name}_check";
        builder.ApplicationBuilder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration(key, _ => new KafkaHealthCheck(builder.Resource, requireTopics), failureStatus: null, tags: null));
        return builder.WithHealthCheck(key);
    }

    private sealed class KafkaHealthCheck(IResourceWithConnectionString resource, bool requireTopics) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var bootstrap = await resource.ConnectionStringExpression.GetValueAsync(cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrEmpty(bootstrap))
            {
                return HealthCheckResult.Unhealthy("No bootstrap address yet.");
            }

            try
            {
                using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap, SocketTimeoutMs = 5000 }).Build();
                var metadata = admin.GetMetadata(TimeSpan.FromSeconds(5));
                var missing = requireTopics
                    ? PlatformTopics.All
                        .Where(t => metadata.Topics.FirstOrDefault(m => m.Topic == t.Name) is not { Error.IsError: false } m || m.Partitions.Count != t.Partitions)
                        .Select(t => t.Name)
                        .ToList()
                    : [];
                return missing.Count == 0
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy($"Topics missing or with the wrong partition count: {string.Join(", ", missing)}");
            }
            catch (KafkaException e)
            {
                return HealthCheckResult.Unhealthy(e.Message, e);
            }
        }
    }

    private sealed class DisposeOnStop(IAsyncDisposable resource) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => resource.DisposeAsync().AsTask();
    }
}
