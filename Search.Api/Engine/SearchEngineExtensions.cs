using Microsoft.Extensions.Options;

namespace Search.Api.Engine;

public static class SearchEngineExtensions
{
    public const string SolrClientName = "solr";

    public static void AddSearchEngine(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(SearchEngineOptions.SectionName);
        builder.Services.Configure<SearchEngineOptions>(section);
        var options = section.Get<SearchEngineOptions>() ?? new SearchEngineOptions();
        if (!options.UsesSolr)
        {
            return;
        }

        // ConnectionStrings:solr is the core's base URL, e.g. http://solr:8983/solr/products.
        var coreUrl = builder.Configuration.GetConnectionString(SolrClientName)
            ?? throw new InvalidOperationException("Search:Engine is solr but ConnectionStrings:solr is not configured.");
        builder.Services.AddHttpClient(SolrClientName, (sp, http) =>
        {
            http.BaseAddress = new Uri(coreUrl.TrimEnd('/') + "/");
            http.Timeout = sp.GetRequiredService<IOptions<SearchEngineOptions>>().Value.SolrTimeout * 4;
        });
        builder.Services.AddHealthChecks().AddCheck<SolrPingHealthCheck>("solr");
    }
}
