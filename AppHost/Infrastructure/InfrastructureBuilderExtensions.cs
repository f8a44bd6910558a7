using AppHost.Broadleaf;
using AppHost.Infrastructure.Aws;
using AppHost.Infrastructure.Fcm;
using AppHost.Infrastructure.Kafka;
using AppHost.Infrastructure.Postgres;
using AppHost.Infrastructure.Solr;
using Microsoft.Extensions.Configuration;

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

    /// <summary>Host PostgreSQL binaries, librdkafka's mock cluster and the in-process AWS and FCM endpoints; no container in the model.</summary>
    private static PlatformInfrastructure AddLocalInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var postgres = builder.AddLocalPostgres("postgres");
        var broadleaf = postgres.AddBroadleafReplica("broadleaf");
        var notifications = postgres.AddServerDatabase("notifications");
        var reporting = postgres.AddServerDatabase("reporting");
        var kafka = builder.AddKafkaMockCluster("kafka");
        var aws = builder.AddLocalAws("aws");
        var fcm = builder.AddLocalFcm("fcm");
        return new(InfrastructureMode.Local, broadleaf, notifications, reporting, kafka, Solr: null, aws, fcm, FcmCredentials: null);
    }

    /// <summary>
    /// The real images. In publish mode the replica is Broadleaf's own, reached through a secret connection-string parameter.
    /// <c>Infrastructure:PersistentContainers=true</c> keeps the containers (and the seeded replica) between runs.
    /// </summary>
    private static PlatformInfrastructure AddContainerInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var lifetime = builder.Configuration.GetValue("Infrastructure:PersistentContainers", false)
            ? ContainerLifetime.Persistent
            : ContainerLifetime.Session;
        var postgres = builder.AddPostgres("postgres").WithLifetime(lifetime);
        var broadleaf = builder.ExecutionContext.IsPublishMode
            ? builder.AddConnectionString("broadleaf")
            : postgres.AddBroadleafReplica("broadleaf");
        var notifications = postgres.AddDatabase("notifications");
        var reporting = postgres.AddDatabase("reporting");
        var kafka = builder.AddKafkaContainer("kafka").WithLifetime(lifetime);
        var solr = builder.AddSolr("solr", core: "products").WithLifetime(lifetime);
        var publish = builder.ExecutionContext.IsPublishMode;
        var aws = publish ? null : builder.AddLocalStack("aws").WithLifetime(lifetime);
        var fcm = publish ? null : builder.AddLocalFcm("fcm");
        var fcmCredentials = publish ? builder.AddParameter("fcm-credentials", secret: true) : null;
        if (!publish)
        {
            kafka.WithKafkaUi("kafka-ui");
        }

        return new(InfrastructureMode.Containers, broadleaf, notifications, reporting, kafka, solr, aws, fcm, fcmCredentials);
    }
}
