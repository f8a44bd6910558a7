using AppHost.Broadleaf;
using AppHost.Infrastructure.Kafka;
using AppHost.Infrastructure.Postgres;
using AppHost.Infrastructure.Solr;

namespace AppHost.Infrastructure;

public static class InfrastructureBuilderExtensions
{
    /// <summary>Picks the infrastructure mode (see <see cref="InfrastructureModeSelector"/>) and adds its resources.</summary>
    public static PlatformInfrastructure AddPlatformInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var mode = InfrastructureModeSelector.Select(
            builder.Configuration[InfrastructureModeSelector.ConfigurationKey],
            builder.ExecutionContext.IsPublishMode,
            () => ContainerRuntimeProbe.IsHealthy(builder.Configuration["ASPIRE_CONTAINER_RUNTIME"] ?? "docker"));

        return mode == InfrastructureMode.Local ? builder.AddLocalInfrastructure() : builder.AddContainerInfrastructure();
    }

    /// <summary>Host PostgreSQL binaries and librdkafka's mock cluster; no container in the model.</summary>
    private static PlatformInfrastructure AddLocalInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var postgres = builder.AddLocalPostgres("postgres");
        var broadleaf = postgres.AddBroadleafReplica("broadleaf");
        var notifications = postgres.AddServerDatabase("notifications");
        var kafka = builder.AddKafkaMockCluster("kafka");
        return new(InfrastructureMode.Local, broadleaf, notifications, kafka, Solr: null);
    }

    /// <summary>
    /// The real images. In publish mode the replica is Broadleaf's own, reached through a secret connection-string parameter.
    /// </summary>
    private static PlatformInfrastructure AddContainerInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var postgres = builder.AddPostgres("postgres");
        var broadleaf = builder.ExecutionContext.IsPublishMode
            ? builder.AddConnectionString("broadleaf")
            : postgres.AddBroadleafReplica("broadleaf");
        var notifications = postgres.AddDatabase("notifications");
        var kafka = builder.AddKafkaContainer("kafka");
        var solr = builder.AddSolr("solr", core: "products");
        return new(InfrastructureMode.Containers, broadleaf, notifications, kafka, solr);
    }
}
