using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ServiceDefaults.Kafka;

namespace ServiceDefaults.Tests;

/// <summary>Kafka's TLS and SASL settings reach the client from configuration (<c>Kafka:Consumer:*</c>, <c>Kafka:Producer:*</c>).</summary>
public sealed class KafkaClientSettingsTests
{
    [Theory]
    [InlineData("Kafka:Consumer")]
    [InlineData("Kafka:Producer")]
    public void SecuritySettingsArePassedThroughToLibrdkafka(string section)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:kafka"] = "127.0.0.1:9";
        builder.Configuration[$"{section}:security.protocol"] = "sasl_ssl";
        // A mechanism librdkafka does not know: building the client fails only if the setting reached it.
        builder.Configuration[$"{section}:sasl.mechanism"] = "NOT-A-MECHANISM";
        if (section == "Kafka:Consumer")
        {
            builder.AddKafkaConsumer("kafka", "settings-test");
        }
        else
        {
            builder.AddKafkaProducer("kafka");
        }

        using var host = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => section == "Kafka:Consumer"
            ? host.Services.GetRequiredService<IConsumer<string, byte[]>>()
            : (object)host.Services.GetRequiredService<IProducer<string, byte[]>>());
        Assert.Contains("Unsupported SASL mechanism: NOT-A-MECHANISM", error.Message);
    }
}
