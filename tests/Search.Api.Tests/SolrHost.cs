using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Search.Api.Engine;
using Search.Api.Extensions;
using Search.Api.Searching;

namespace Search.Api.Tests;

/// <summary>The Solr engine and the search service as Search.Api composes them (HTTP clients with their resilience), on a core URL.</summary>
internal sealed class SolrHost(IHost host) : IDisposable
{
    public ISearchEngine Engine => host.Services.GetRequiredService<ISearchEngine>();

    public SearchService Search => host.Services.GetRequiredService<SearchService>();

    public IServiceProvider Services => host.Services;

    public static SolrHost Create(Uri coreUrl, TimeSpan budget)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:solr"] = coreUrl.ToString();
        builder.Configuration["Search:Engine"] = "solr";
        builder.Configuration["Search:Budget"] = budget.ToString();
        builder.Services.AddMetrics();
        builder.AddSearching();
        return new SolrHost(builder.Build());
    }

    public void Dispose() => host.Dispose();
}
