using ServiceDefaults.Kafka;

namespace Notifications.Worker.Extensions;

public static class Extensions
{
    public const string ConsumerGroup = "notifications-worker";

    /// <summary>The worker's composition root: its own database, the commerce event consumer and the dead-letter producer.</summary>
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("notifications");
        builder.AddKafkaConsumer("kafka", ConsumerGroup);
        builder.AddKafkaProducer("kafka");
    }
}
