using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ServiceDefaults.Kafka;

/// <summary>
/// Kafka client registration from <c>ConnectionStrings:{name}</c> (the bootstrap servers), standing in for Aspire's own
/// Kafka client package, which is not available here. Any librdkafka setting (TLS, SASL...) can be passed through
/// <c>Kafka:Producer</c> / <c>Kafka:Consumer</c>.
/// </summary>
public static class KafkaClientExtensions
{
    public static TBuilder AddKafkaProducer<TBuilder>(this TBuilder builder, string connectionName)
        where TBuilder : IHostApplicationBuilder
    {
        var config = new ProducerConfig(ClientSettings(builder, connectionName, "Kafka:Producer"))
        {
            EnableIdempotence = true,
            Acks = Acks.All,
            MessageTimeoutMs = builder.Configuration.GetValue("Kafka:Producer:message.timeout.ms", 30_000),
        };
        builder.Services.AddSingleton(_ => new ProducerBuilder<string, byte[]>(config).Build());
        builder.Services.AddSingleton<KafkaMessageProducer>();
        builder.AddKafkaHealthCheck(connectionName);
        return builder;
    }

    /// <summary>A consumer in <paramref name="groupId"/> that commits only when the application says so.</summary>
    public static TBuilder AddKafkaConsumer<TBuilder>(this TBuilder builder, string connectionName, string groupId)
        where TBuilder : IHostApplicationBuilder
    {
        var factory = new KafkaConsumerFactory(new ConsumerConfig(ClientSettings(builder, connectionName, "Kafka:Consumer")));
        builder.Services.AddSingleton(factory);
        builder.Services.AddSingleton(_ => factory.Create(groupId));
        builder.AddKafkaHealthCheck(connectionName);
        return builder;
    }

    private static Dictionary<string, string> ClientSettings(IHostApplicationBuilder builder, string connectionName, string section)
    {
        var settings = builder.Configuration.GetSection(section).Get<Dictionary<string, string>>() ?? [];
        settings["bootstrap.servers"] = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{connectionName} is not configured.");
        settings.TryAdd("client.id", builder.Environment.ApplicationName);
        return settings;
    }

    private static void AddKafkaHealthCheck(this IHostApplicationBuilder builder, string connectionName)
    {
        // Producer and consumer of one service share the check, named after the connection.
        if (builder.Services.Any(d => d.ServiceType == typeof(KafkaHealthCheck) && Equals(d.ServiceKey, connectionName)))
        {
            return;
        }

        var bootstrap = builder.Configuration.GetConnectionString(connectionName)!;
        builder.Services.AddKeyedSingleton(connectionName, new KafkaHealthCheck(bootstrap));
        builder.Services.AddHealthChecks().Add(new(connectionName,
            sp => sp.GetRequiredKeyedService<KafkaHealthCheck>(connectionName), failureStatus: null, tags: null));
    }
}
