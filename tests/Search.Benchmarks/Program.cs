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
using ServiceDefaults.Http;

// Search benchmark (see README, "Search performance"): a generated Broadleaf-shaped catalog (default 100,000 products) in
// the embedded Lucene engine, served by Search.Api's own search composition (JWT, validation, budget, JSON) over HTTP.
// 1. the full reindex of the catalog into the engine;
// 2. a query log of 10,000 distinct queries made of the catalog's own words, asked with a Zipf distribution (s = 1), at 1
//    and 32 concurrent clients, by calling the engine alone and through the API: latency, saturation throughput, the CPU
//    each query cost (the process's CPU time over the queries: queueing cannot hide in it), the result cache's hits and
//    the share answered at once, without a core, because the word sets showed it to match nothing; beside them the same
//    clients asking the liveness probe, the floor that HTTP alone sets on this machine.
var products = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var requestsPerClient = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 400;
// 0 turns the engine's result cache off: every query is then computed, as for a long tail of distinct searches.
var cacheEntries = args.Length > 2 ? args[2] : "2000";
// 0 turns the words' match sets off: several-word searches then step through their rarest word's postings.
var wordSetEntries = args.Length > 3 ? args[3] : "1000";

// The clients stand in for shoppers' browsers on other machines: their own request tracing is not the service's cost.
AppContext.SetSwitch("System.Net.Http.EnableActivityPropagation", false);

// A static key, as Authentication:SigningKeys takes it: no identity provider runs beside this in-process service.
var issuer = new DevelopmentTokenIssuer(new Uri("http://127.0.0.1/search-benchmark/"));
var builder = WebApplication.CreateBuilder();
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Search:Engine"] = "lucene",
    ["Search:LuceneResultCacheEntries"] = cacheEntries,
    ["Search:LuceneWordSetEntries"] = wordSetEntries,
    // All clients share one address: the per-address limit would measure the limiter, not search.
    ["Search:RateLimitPerSecond"] = "1000000",
    ["Search:RateLimitBurst"] = "1000000",
    ["Authentication:Schemes:Bearer:ValidIssuer"] = issuer.Issuer,
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
var catalog = CatalogGenerator.Generate(products, seed: 20261128).ToList();
var reindex = Stopwatch.StartNew();
var indexed = await engine.ReplaceAllAsync(Stream(catalog), default);
Console.WriteLine($"Reindex: {indexed:N0} products in {reindex.Elapsed.TotalSeconds:F1} s ({indexed / reindex.Elapsed.TotalSeconds:N0} products/s); {await Measurements.MemoryAsync(http)}");

// 2. The query log, each query parsed by the API's own request validation so that both paths run the same query.
var log = new QueryLog(catalog, seed: 20261202);
var queries = Enumerable.Range(0, log.Count).Select(i => Parse(log[i])).ToArray();

// Warm-up, not reported: JIT, and the 32 clients' connections and the thread pool grown to their load.
await RunAsync(1, 1_000, Engine, seed: 1);
await RunAsync(1, 1_000, Api, seed: 2);
await RunAsync(32, 50, Engine, seed: 3);
await RunAsync(32, 50, Api, seed: 4);
await RunAsync(32, 50, Floor, seed: 5);
var lucene = (Search.Api.Engine.Lucene.LuceneSearchEngine)engine;
Console.WriteLine($"{"clients",7} {"path",-6} {"p50",7} {"p95",7} {"p99",7} {"queries/s",9} {"CPU ms/query",12} {"cache hits",10} {"at once",8}");
foreach (var clients in new[] { 1, 32 })
{
    // "floor": the service's liveness probe over the same HTTP stack, no token and no search: what HTTP alone costs here.
    foreach (var (path, call) in new[] { ("engine", (Func<int, Task>)Engine), ("API", Api), ("floor", Floor) })
    {
        // The runtime goes on compiling warmed-up code in the background for a few seconds: not the row's cost.
        await QuietAsync(TimeSpan.FromSeconds(30));
        var before = lucene.ResultCacheStatistics;
        var nothingBefore = lucene.NothingMatchedAtOnce;
        var run = await RunAsync(clients, requestsPerClient, call, seed: clients * 100 + path.Length);
        var after = lucene.ResultCacheStatistics;
        var sorted = run.Times.Order().ToList();
        var hits = path == "floor" ? "" : after is { } a && before is { } b ? $"{(double)(a.Hits - b.Hits) / sorted.Count:P0}" : "off";
        var nothing = path == "floor" ? "" : $"{(double)(lucene.NothingMatchedAtOnce - nothingBefore) / sorted.Count:P0}";
        Console.WriteLine($"{clients,7} {path,-6} {P(sorted, 0.5),7:F2} {P(sorted, 0.95),7:F2} {P(sorted, 0.99),7:F2} {sorted.Count / run.Wall.TotalSeconds,9:N0} {run.Cpu.TotalMilliseconds / sorted.Count,12:F2} {hits,10} {nothing,8}");
    }
}

Console.WriteLine($"(milliseconds; {requestsPerClient} queries per client per path, drawn Zipf(s={QueryLog.Exponent}) from {log.Count:N0} distinct; result cache {cacheEntries} entries, word sets {wordSetEntries}; {Environment.ProcessorCount} cores); {await Measurements.MemoryAsync(http)}");

async Task Engine(int i) => await engine.SearchAsync(queries[i], default);

Task Api(int i) => GetAsync($"/api/search?{log[i]}");

Task Floor(int i) => GetAsync(Microsoft.Extensions.Hosting.Extensions.AlivenessEndpointPath);

async Task GetAsync(string path)
{
    using var response = await http.GetAsync(path);
    response.EnsureSuccessStatusCode();
    await response.Content.CopyToAsync(System.IO.Stream.Null);
}

// Every client asks its own draw from the log back to back; the wall time and the process's CPU time cover them all.
async Task<(List<double> Times, TimeSpan Wall, TimeSpan Cpu)> RunAsync(int clients, int perClient, Func<int, Task> call, int seed)
{
    var process = Process.GetCurrentProcess();
    var cpu = process.TotalProcessorTime;
    var wall = Stopwatch.StartNew();
    var results = await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
    {
        var random = new Random(seed * 1_000 + client);
        var times = new List<double>(perClient);
        for (var n = 0; n < perClient; n++)
        {
            var i = log.Next(random);
            var started = Stopwatch.GetTimestamp();
            await call(i);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return times;
    })));
    wall.Stop();
    process.Refresh();
    return ([.. results.SelectMany(r => r)], wall.Elapsed, process.TotalProcessorTime - cpu);
}

// Until the process used under a tenth of a core over half a second, or the deadline passed.
static async Task QuietAsync(TimeSpan deadline)
{
    var process = Process.GetCurrentProcess();
    var waited = Stopwatch.StartNew();
    var interval = TimeSpan.FromMilliseconds(500);
    while (waited.Elapsed < deadline)
    {
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        await Task.Delay(interval);
        process.Refresh();
        if (process.TotalProcessorTime - cpu < interval / 10)
        {
            return;
        }
    }
}

static double P(List<double> sorted, double p) => Measurements.Percentile(sorted, p);

SearchQuery Parse(string queryString)
{
    var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(queryString);
    var errors = new Dictionary<string, string[]>();
    string? Single(string name) => query.TryGetValue(name, out var value) ? value.ToString() : null;
    QueryValue<decimal>? Price(string name) => QueryValue<decimal>.TryParse(Single(name), null, out var price) ? price : null;
    return new SearchRequest(Single("q"), query.GetValueOrDefault("category").ToArray()!, null, Price("minPrice"), Price("maxPrice"), null, null, null)
        .Validate(options, errors)
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
