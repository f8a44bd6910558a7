using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Search.Api.Engine;
using Search.Api.Engine.Solr;
using Search.Api.Searching;

namespace Search.Api.Tests;

/// <summary>The Solr engine and the search service as Search.Api composes them (HTTP clients with their resilience), on a core URL.</summary>
internal sealed class SolrHost(IHost host) : IDisposable
{
    public ISearchEngine Engine => host.Services.GetRequiredService<ISearchEngine>();

    public SearchService Search => host.Services.GetRequiredService<SearchService>();

    public IServiceProvider Services => host.Services;

    public static SolrHost Create(Uri coreUrl, SearchOptions? options = null)
    {
        options ??= new SearchOptions { Engine = "solr" };
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:solr"] = coreUrl.ToString();
        builder.Services.AddSingleton(Options.Create(options));
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<SearchMetrics>();
        builder.Services.AddSingleton<SearchService>();
        builder.AddSolrEngine(options);
        return new SolrHost(builder.Build());
    }

    public void Dispose() => host.Dispose();
}
