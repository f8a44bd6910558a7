namespace AppHost.Infrastructure;

/// <summary>How the AppHost provides PostgreSQL, Kafka and Solr.</summary>
public enum InfrastructureMode
{
    /// <summary>The real images (PostgreSQL, Kafka in KRaft mode, Solr); what the manifest describes.</summary>
    Containers,

    /// <summary>Host PostgreSQL binaries and librdkafka's mock cluster, for machines without a container runtime.</summary>
    Local,
}
