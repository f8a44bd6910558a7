using Search.Api.Engine.Lucene;
using Search.Api.Engine.Solr;

namespace Search.Api.Engine;

public static class SearchEngineExtensions
{
    /// <summary>The engine <c>Search:Engine</c> names: Solr (its HTTP clients and health check) or the embedded Lucene index.</summary>
    public static void AddSearchEngine(this IHostApplicationBuilder builder, SearchOptions options)
    {
        if (options.UsesSolr)
        {
            builder.AddSolrEngine(options);
        }
        else
        {
            builder.Services.AddSingleton<ISearchEngine, LuceneSearchEngine>();
        }
    }
}
