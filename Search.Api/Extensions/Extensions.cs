using Search.Api.Engine;
using ServiceDefaults.Kafka;

namespace Search.Api.Extensions;

public static class Extensions
{
    public const string ConsumerGroup = "search-indexer";

    /// <summary>Search's composition root: the catalog in the Broadleaf replica, product events, and the search engine.</summary>
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("broadleaf");
        builder.AddKafkaConsumer("kafka", ConsumerGroup);
        builder.AddSearchEngine();
    }
}
