using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using AppHost.Security;
using BenchmarkSupport;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Reporting.Api;
using Reporting.Api.Reports;
using Reporting.Api.Rollups;

// Reporting benchmark (see README, "Reporting performance"): boots the AppHost in local mode with a large seed, then
// times every report through the API and the same report classes called directly over Npgsql (no HTTP, auth or JSON),
// the reporting store's load and freshness after a change on the replica, and the service's memory.
var orders = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_470_000;
var iterations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;

var boot = Stopwatch.StartNew();
var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
    ["--Infrastructure:Mode=local", "--DevelopmentIdentity:Port=0", $"--Broadleaf:Seed:Orders={orders}"]);
// Keep the console for the results: the resources' own logs stay in the AppHost.
builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
// No dashboard runs here to receive telemetry: without this the service keeps retrying its exports, on the CPU it is timed on.
foreach (var service in builder.Resources.OfType<ProjectResource>().ToList())
{
    builder.CreateResourceBuilder(service).WithEnvironment(c => c.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT"));
}
await using var app = await builder.BuildAsync();
using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(30));
await app.StartAsync(startup.Token);
await app.ResourceNotifications.WaitForResourceHealthyAsync("reporting-api", startup.Token);
Console.WriteLine($"{orders:N0} orders seeded, reporting store loaded and reporting-api healthy in {boot.Elapsed.TotalSeconds:F0} s");

using var http = app.CreateHttpClient("reporting-api", "http");
http.Timeout = TimeSpan.FromMinutes(2);
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
    app.Services.GetRequiredService<DevelopmentTokenIssuer>().CreateToken("reporting-api", ["admin"], [], TimeSpan.FromHours(2)));
// The reports are also called directly, on connections of the benchmark's own: at this size a query may take longer than
// the service's QueryTimeout, and the benchmark measures it rather than cutting it off.
const int BenchmarkCommandTimeoutSeconds = 120;
await using var replica = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(await app.GetConnectionStringAsync("broadleaf"))
{
    CommandTimeout = BenchmarkCommandTimeoutSeconds,
}.ConnectionString);
var options = Options.Create(new ReportingOptions());
// The store's connections as the service opens them (its work_mem).
await using var store = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(await app.GetConnectionStringAsync("reporting"))
{
    CommandTimeout = BenchmarkCommandTimeoutSeconds,
    Options = $"-c work_mem={options.Value.StoreWorkMemMegabytes}MB",
}.ConnectionString);
var zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.StoreTimeZone);
var end = new DateOnly(2026, 10, 31);
Console.WriteLine($"reporting store loaded from scratch into an empty database: {await FullLoadAsync()}");

var cases = new List<(string Name, string Path, Func<Task> Direct)>();
// The last 90 days and 2 years of the history, and 2 years that start and end mid-month in another timezone than the
// store's (partial store days at both ends).
foreach (var (label, first, last, timezone) in new[]
{
    ("90 days", end.AddDays(-89), end, zone.Id),
    ("2 years", end.AddDays(-729), end, zone.Id),
    ("2 years mid-month, Europe/Paris", new DateOnly(2024, 10, 16), new DateOnly(2026, 10, 15), "Europe/Paris"),
})
{
    var period = ReportPeriod.Create(first, last, TimeZoneInfo.FindSystemTimeZoneById(timezone), zone);
    var query = $"startDate={first:yyyy-MM-dd}&endDate={last:yyyy-MM-dd}&timezone={timezone}";
    cases.Add(($"sales, day, {label}", $"/api/reports/sales?{query}&granularity=day",
        () => new SalesReport(store, options).RunAsync(period, SalesGranularity.Day, null, ReportComparison.None, cumulative: false, default)));
    cases.Add(($"top products, {label}", $"/api/reports/sales/top-products?{query}",
        () => new TopProductsReport(store).RunAsync(period, null, new ValidPage(1, 50, "-revenue", "revenue DESC"), ReportComparison.None, default)));
    cases.Add(($"campaigns, {label}", $"/api/reports/campaigns?{query}",
        () => new CampaignReport(replica, store).RunAsync(period, null, ReportComparison.None, default)));
    cases.Add(($"order status, {label}", $"/api/reports/orders/status?{query}",
        () => new OrderStatusReport(store).RunAsync(period, ReportComparison.None, default)));
    cases.Add(($"delivery, {label}", $"/api/reports/delivery?{query}",
        () => new DeliveryReport(store).RunAsync(period, default)));
    cases.Add(($"customers, {label}", $"/api/reports/customers?{query}",
        () => new CustomersReport(store).RunAsync(period, null, default)));
}

// Cover over the last 30 days of the history.
var window = ReportPeriod.Create(end.AddDays(-29), end, zone, zone);
cases.Add(("inventory, page 1", $"/api/reports/inventory?pageSize=100&endDate={end:yyyy-MM-dd}",
    () => new InventoryReport(replica, store, TimeProvider.System).RunAsync(new InventoryFilter(null, null, null, null), new ValidPage(1, 100, "skuId", "sku_id ASC"), window, default)));
cases.Add(("low stock", $"/api/reports/inventory/low-stock?pageSize=100&endDate={end:yyyy-MM-dd}",
    () => new InventoryReport(replica, store, TimeProvider.System).RunAsync(new InventoryFilter("CHECK_QUANTITY", null, null, 5), new ValidPage(1, 100, "quantity", "quantity_available ASC"), window, default)));
cases.Add(("low stock by days of cover", $"/api/reports/inventory/low-stock?pageSize=100&sort=daysOfCover&endDate={end:yyyy-MM-dd}",
    () => new InventoryReport(replica, store, TimeProvider.System).RunAsync(new InventoryFilter("CHECK_QUANTITY", null, null, 5), new ValidPage(1, 100, "daysOfCover", "days_of_cover ASC"), window, default)));

// Each round times every case through the API and directly; the table gives each figure's min / median / max over the rounds.
var results = cases.ToDictionary(c => c.Name, _ => new List<(double ApiP50, double ApiP95, double DirectP50, double DirectP95)>());
for (var round = 1; round <= rounds; round++)
{
    foreach (var (name, path, direct) in cases)
    {
        var (api, raw) = await TimeAsync(async () => (await http.GetAsync(path)).EnsureSuccessStatusCode().Dispose(), direct);
        results[name].Add((api.P50, api.P95, raw.P50, raw.P95));
    }

    Console.WriteLine($"round {round} of {rounds} done");
}

Console.WriteLine($"{rounds} rounds of {iterations} timed runs per case (after 2 warm-up runs); milliseconds, min / median / max over the rounds;");
Console.WriteLine("overhead = API p50 − direct p50 within each round (target ≤ 10% + 5 ms)");
Console.WriteLine("| report | API p50 | API p95 | direct p50 | direct p95 | overhead (p50) | rounds within target |");
Console.WriteLine("|---|---|---|---|---|---|---|");
foreach (var (name, rows) in results)
{
    static string Spread(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return $"{sorted[0]:F1} / {sorted[sorted.Count / 2]:F1} / {sorted[^1]:F1}";
    }

    var within = rows.Count(r => r.ApiP50 - r.DirectP50 <= 0.1 * r.DirectP50 + 5);
    Console.WriteLine($"| {name} | {Spread(rows.Select(r => r.ApiP50))} | {Spread(rows.Select(r => r.ApiP95))} | {Spread(rows.Select(r => r.DirectP50))} | " +
        $"{Spread(rows.Select(r => r.DirectP95))} | {Spread(rows.Select(r => r.ApiP50 - r.DirectP50))} | {within} of {rows.Count} |");
}

Console.WriteLine($"freshness (a cancellation on the replica until the sales report shows it), 5 changes: {await FreshnessAsync()}");
Console.WriteLine($"reporting-api memory after the runs: {await MemoryAsync()}");

// The API and the direct call alternate, so that both meet the same background load (the store's sync every few seconds).
async Task<((double P50, double P95) Api, (double P50, double P95) Direct)> TimeAsync(Func<Task> api, Func<Task> direct)
{
    for (var i = 0; i < 2; i++)
    {
        await api();
        await direct();
    }

    var (apiSamples, directSamples) = (new List<double>(iterations), new List<double>(iterations));
    for (var i = 0; i < iterations; i++)
    {
        apiSamples.Add(await ElapsedAsync(api));
        directSamples.Add(await ElapsedAsync(direct));
    }

    return (Percentiles(apiSamples), Percentiles(directSamples));

    static async Task<double> ElapsedAsync(Func<Task> run)
    {
        var clock = Stopwatch.StartNew();
        await run();
        return clock.Elapsed.TotalMilliseconds;
    }

    static (double P50, double P95) Percentiles(List<double> samples)
    {
        samples.Sort();
        return (Measurements.Percentile(samples, 0.5), Measurements.Percentile(samples, 0.95));
    }
}

// Cancels (then restores) a submitted order the way Broadleaf does and times until the day's sales show it.
async Task<string> FreshnessAsync()
{
    var owner = new NpgsqlConnectionStringBuilder(await app.GetConnectionStringAsync("postgres")) { Database = "broadleaf" };
    await using var connection = new NpgsqlConnection(owner.ConnectionString);
    await connection.OpenAsync();
    var samples = new List<double>();
    for (var i = 0; i < 5; i++)
    {
        await using var pick = new NpgsqlCommand(
            "SELECT order_id, submit_date::date FROM blc_order WHERE order_status = 'SUBMITTED' AND order_id > $1 ORDER BY order_id LIMIT 1", connection);
        pick.Parameters.Add(new NpgsqlParameter<long> { TypedValue = orders * (i + 1L) / 6 });
        await using var reader = await pick.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (orderId, day) = (reader.GetInt64(0), DateOnly.FromDateTime(reader.GetDateTime(1)));
        await reader.DisposeAsync();

        var path = $"/api/reports/sales?startDate={day:yyyy-MM-dd}&endDate={day:yyyy-MM-dd}";
        // Changes land at any point of the sync interval, not right after the previous sync.
        await Task.Delay(Random.Shared.NextDouble() * options.Value.RollupSyncInterval);
        var before = CancelledOrders(await http.GetStringAsync(path));
        await SetStatusAsync(connection, orderId, "CANCELLED");
        var clock = Stopwatch.StartNew();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (CancelledOrders(await http.GetStringAsync(path, deadline.Token)) == before)
        {
            await Task.Delay(50, deadline.Token);
        }

        samples.Add(clock.Elapsed.TotalMilliseconds);
        await SetStatusAsync(connection, orderId, "SUBMITTED");
    }

    samples.Sort();
    return $"p50 {Measurements.Percentile(samples, 0.5) / 1000:F1} s, max {samples[^1] / 1000:F1} s (sync every {options.Value.RollupSyncInterval.TotalSeconds} s)";
}

static int CancelledOrders(string salesJson) =>
    Regex.Matches(salesJson, "\"cancelledOrders\":(\\d+)").Sum(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

static async Task SetStatusAsync(NpgsqlConnection connection, long orderId, string status)
{
    await using var command = new NpgsqlCommand(
        "UPDATE blc_order SET order_status = $1, date_updated = now() AT TIME ZONE 'America/Chicago' WHERE order_id = $2", connection);
    command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = status });
    command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = orderId });
    await command.ExecuteNonQueryAsync();
}

async Task<string> MemoryAsync()
{
    using var anonymous = app.CreateHttpClient("reporting-api", "http");
    return await Measurements.MemoryAsync(anonymous);
}

// The first sync into an empty database: every checked-out order read from the replica, written and summed.
async Task<string> FullLoadAsync()
{
    var server = new NpgsqlConnectionStringBuilder(await app.GetConnectionStringAsync("postgres")) { Database = "postgres", Pooling = false };
    await using (var connection = new NpgsqlConnection(server.ConnectionString))
    {
        await connection.OpenAsync();
        foreach (var sql in new[] { "DROP DATABASE IF EXISTS reporting_benchmark", "CREATE DATABASE reporting_benchmark" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    server.Database = "reporting_benchmark";
    await using var empty = NpgsqlDataSource.Create(server.ConnectionString);
    var result = await new ReportingStoreSync(replica, empty, options, TimeProvider.System).SyncAsync(default);
    // Then a sync that reconciles: the replica's open orders and fulfillment groups copied whole and compared.
    var reconciling = Options.Create(new ReportingOptions { RollupReconcile = TimeSpan.Zero });
    var reconciled = await new ReportingStoreSync(replica, empty, reconciling, TimeProvider.System).SyncAsync(default);
    return $"{result!.Orders:N0} orders in {result.Duration.TotalSeconds:F1} s; a reconciling sync after it in {reconciled!.Duration.TotalSeconds:F1} s";
}
