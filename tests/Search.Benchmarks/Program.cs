using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using AppHost.Security;
using BenchmarkSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Search.Api;
using Search.Api.Apis;
using Search.Api.Engine;
using Search.Api.Extensions;
using Search.Api.Searching;
using Search.Benchmarks;

// Search benchmark (see README, "Search performance"): a generated Broadleaf-shaped catalog (default 100,000 products) in
// the embedded Lucene engine, served by Search.Api's own search composition (JWT, validation, budget, JSON) over HTTP.
// 1. the full reindex of the catalog into the engine;
// 2. typical queries (one word; two words with a category; facets always on) at 1 and 32 concurrent clients, through the
//    API and, in the same run, the engine call alone: the difference is the API's overhead.
var products = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var requestsPerClient = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 400;
// 0 turns the engine's result cache off: every query is then computed, as for a long tail of distinct searches.
var cacheEntries = args.Length > 2 ? args[2] : "2000";

using var issuer = new DevelopmentTokenIssuer();
var builder = WebApplication.CreateBuilder();
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Search:Engine"] = "lucene",
    ["Search:LuceneResultCacheEntries"] = cacheEntries,
    // All clients share one address: the per-address limit would measure the limiter, not search.
    ["Search:RateLimitPerSecond"] = "1000000",
    ["Search:RateLimitBurst"] = "1000000",
    ["Authentication:Schemes:Bearer:ValidIssuer"] = DevelopmentTokenIssuer.Issuer,
    ["Authentication:Schemes:Bearer:ValidAudiences:0"] = "search-api",
    ["Authentication:SigningKeys:0"] = issuer.PublicKey,
    ["Logging:LogLevel:Default"] = "Warning",
});
builder.AddServiceDefaults();
builder.AddSearching();
await using var app = builder.Build();
app.MapDefaultEndpoints();
app.UseRateLimiter();
app.MapSearchApi();
await app.StartAsync();

var engine = app.Services.GetRequiredService<ISearchEngine>();
var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SearchOptions>>().Value;
using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issuer.CreateToken("search-api", [], ["search"], TimeSpan.FromHours(1)));

// 1. Full reindex.
var reindex = Stopwatch.StartNew();
var indexed = await engine.ReplaceAllAsync(Stream(CatalogGenerator.Generate(products, seed: 20261128)), default);
Console.WriteLine($"Reindex: {indexed:N0} products in {reindex.Elapsed.TotalSeconds:F1} s ({indexed / reindex.Elapsed.TotalSeconds:N0} products/s); {await Measurements.MemoryAsync(http)}");

// 2. Typical queries, each parsed by the API's own request validation so that both paths run the same query.
(string Kind, string QueryString)[] typical =
[
    ("one word", "q=sauce"), ("one word", "q=hoodie"), ("one word", "q=mug"), ("one word", "q=ghost"), ("one word", "q=habanero"), ("one word", "q=pepper"),
    ("two words + category", "q=ghost+sauce&category=Hot+Sauces"), ("two words + category", "q=habanero+shirt&category=Mens"),
    ("two words + category", "q=ember+mug&category=Home+%26+Kitchen"), ("two words + category", "q=scoville+hoodie&category=Womens"),
    ("two words + category", "q=garlic+salsa&category=Hot+Sauces"), ("two words + category", "q=pepper+cap&category=Clearance"),
];
var cases = typical.Select(t => (t.Kind, t.QueryString, Query: Parse(t.QueryString))).ToArray();

// Warm-up, not reported: JIT, and the 32 clients' connections and the thread pool grown to their load.
await RunAsync(1, 2_000, Engine);
await RunAsync(1, 2_000, Api);
await RunAsync(32, 100, Engine);
await RunAsync(32, 100, Api);
Console.WriteLine($"{"clients",7} {"queries",-22} {"engine p50",10} {"engine p95",10} {"API p50",8} {"API p95",8} {"overhead p50",12}");
foreach (var clients in new[] { 1, 32 })
{
    var engineTimes = await RunAsync(clients, requestsPerClient, Engine);
    var apiTimes = await RunAsync(clients, requestsPerClient, Api);
    foreach (var kind in cases.Select(c => c.Kind).Distinct().Append("all"))
    {
        var e = Sorted(engineTimes, kind);
        var a = Sorted(apiTimes, kind);
        Console.WriteLine($"{clients,7} {kind,-22} {P(e, 0.5),10:F2} {P(e, 0.95),10:F2} {P(a, 0.5),8:F2} {P(a, 0.95),8:F2} {P(a, 0.5) - P(e, 0.5),12:F2}");
    }
}

Console.WriteLine($"(milliseconds; {requestsPerClient} queries per client per path; result cache {cacheEntries} entries; {Environment.ProcessorCount} cores); {await Measurements.MemoryAsync(http)}");

async Task Engine(int i) => await engine.SearchAsync(cases[i].Query, default);

async Task Api(int i)
{
    using var response = await http.GetAsync($"/api/search?{cases[i].QueryString}");
    response.EnsureSuccessStatusCode();
    await response.Content.CopyToAsync(System.IO.Stream.Null);
}

// Every client runs its share of the queries back to back, round-robin over the cases from its own starting point.
async Task<List<(int Case, double Ms)>> RunAsync(int clients, int perClient, Func<int, Task> call)
{
    var results = await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
    {
        var times = new List<(int, double)>(perClient);
        for (var n = 0; n < perClient; n++)
        {
            var i = (client + n) % cases.Length;
            var started = Stopwatch.GetTimestamp();
            await call(i);
            times.Add((i, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
        }

        return times;
    })));
    return [.. results.SelectMany(r => r)];
}

List<double> Sorted(List<(int Case, double Ms)> times, string kind) =>
    [.. times.Where(t => kind == "all" || cases[t.Case].Kind == kind).Select(t => t.Ms).Order()];

static double P(List<double> sorted, double p) => Measurements.Percentile(sorted, p);

SearchQuery Parse(string queryString)
{
    var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(queryString);
    var errors = new Dictionary<string, string[]>();
    return new SearchRequest(query.GetValueOrDefault("q"), query.GetValueOrDefault("category").ToArray()!, null, null, null, null, null, null).Validate(options, errors)
        ?? throw new InvalidOperationException(string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}")));
}

static async IAsyncEnumerable<Search.Api.Catalog.ProductDocument> Stream(IEnumerable<Search.Api.Catalog.ProductDocument> products)
{
    foreach (var product in products)
    {
        yield return product;
    }

    await Task.CompletedTask;
}
