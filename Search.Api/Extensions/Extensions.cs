using Search.Api.Apis;
using Search.Api.Catalog;
using Search.Api.Engine;
using Search.Api.Indexing;
using Search.Api.Merchandising;
using Search.Api.Searching;
using ServiceDefaults.Kafka;
using ServiceDefaults.OpenApi;

namespace Search.Api.Extensions;

public static class Extensions
{
    public const string ConsumerGroup = "search-indexer";

    /// <summary>Search's composition root: searching (engine, budget, policies), indexing (catalog, product events) and the API contract.</summary>
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddSearching();
        builder.AddIndexing();
        builder.Services.AddPlatformOpenApi("Commerce Integration Platform: Search API",
            "Product search for the storefront behind the API gateway (keywords, filters, sorts, multi-select facets, suggestions; a friendly empty answer when the engine is down), and the index's state and reindex for operators.",
            "OAuth2 access token: the search scope to search and suggest, the admin role for the index.");
    }

    /// <summary>The engine <c>Search:Engine</c> names, searches within the budget, and the API's policies and errors.</summary>
    public static SearchOptions AddSearching(this IHostApplicationBuilder builder)
    {
        var options = builder.AddValidatedOptions<SearchOptions, SearchOptionsValidator>(SearchOptions.SectionName);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddSearchEngine(options);
        builder.AddSearchAuthorization(options);
        builder.AddSearchRateLimiting(options);
        builder.Services.AddSingleton<SearchMetrics>();
        builder.Services.AddSingleton<MerchandisingStore>();
        builder.Services.AddSingleton<ZeroResultQueries>();
        builder.Services.AddSingleton<SearchService>();
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, SearchJsonContext.Default));
        return options;
    }

    /// <summary>The catalog in the Broadleaf replica, product events from Kafka, and the worker keeping the index current.</summary>
    public static void AddIndexing(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("broadleaf");
        builder.AddKafkaConsumer("kafka", ConsumerGroup);
        builder.Services.AddSingleton<CatalogReader>();
        builder.Services.AddSingleton<MerchandisingReader>();
        builder.Services.AddHostedService<MerchandisingRefresher>();
        builder.Services.AddSingleton<CatalogIndexer>();
        builder.Services.AddHostedService<IndexWorker>();
    }
}
