using System.Collections.Concurrent;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.IntegrationTests;

/// <summary>The whole AppHost in local mode, booted once for every test that can share it.</summary>
public class PlatformFixture : IAsyncLifetime
{
    public static readonly string[] Resources =
        ["postgres", "broadleaf", "notifications", "reporting", "kafka", "aws", "fcm", "identity", "reporting-api", "notifications-worker", "search-api", "admin-ui"];

    /// <summary>The worker's retry schedule under test.</summary>
    public static readonly TimeSpan[] RetrySchedule = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)];

    public const int SesQuota = 1000;

    private static readonly TimeSpan StartupDeadline = TimeSpan.FromMinutes(4);
    private readonly ConcurrentDictionary<string, CustomResourceSnapshot> _snapshots = new();
    private readonly ConcurrentQueue<string> _logs = new();
    private readonly CancellationTokenSource _stopWatching = new();
    private readonly ErrorLogCapture _errors = new();

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>How long the AppHost took from start to every resource healthy.</summary>
    public TimeSpan TimeToHealthy { get; private set; }

    /// <summary>What was logged at Error or worse from the start until every resource was healthy, before any test ran.</summary>
    public IReadOnlyList<string> StartupErrors { get; private set; } = [];

    public async Task InitializeAsync()
    {
        // The identity provider on a free port: the README's run command keeps its fixed one.
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--Infrastructure:Mode=local", "--DevelopmentIdentity:Port=0"]);
        builder.Services.AddLogging(logging => logging.AddProvider(_errors));
        // The test host runs no dashboard, so nothing receives OTLP: without this the services keep retrying exports
        // and, on a stop, wait for them to time out.
        foreach (var service in builder.Resources.OfType<ProjectResource>().ToList())
        {
            builder.CreateResourceBuilder(service).WithEnvironment(c => c.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT"));
        }

        // Every test calls from one address: the per-address search limit (tested on its own in Search.Api.Tests) would
        // throttle the suite's page walks.
        builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "search-api"))
            .WithEnvironment("Search__RateLimitPerSecond", "100000").WithEnvironment("Search__RateLimitBurst", "100000");

        // Reconciliations (of what leaves no date_updated on the replica) every few seconds, so the tests see them through.
        builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "reporting-api"))
            .WithEnvironment("Reporting__RollupReconcile", "00:00:05");

        // A message's own retries on a schedule of seconds rather than minutes, so the tests see them through; and an SES
        // quota, the ceiling that throttling lowers the send rate from (its gauge is what the throttling test reads).
        builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "notifications-worker"))
            .WithEnvironment("Notifications__RetrySchedule__0", RetrySchedule[0].ToString("c", System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("Notifications__RetrySchedule__1", RetrySchedule[1].ToString("c", System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("Notifications__RetrySchedule__2", RetrySchedule[2].ToString("c", System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("Notifications__SesMaxSendsPerSecond", SesQuota.ToString(System.Globalization.CultureInfo.InvariantCulture));

        App = await builder.BuildAsync();
        _ = WatchAsync();

        var started = System.Diagnostics.Stopwatch.StartNew();
        using var deadline = new CancellationTokenSource(StartupDeadline);
        try
        {
            await App.StartAsync(deadline.Token);
            // After the start, when a project's replicas (whose logs these are) have their names; earlier lines are replayed.
            WatchLogs();
            await Task.WhenAll(Resources.Select(r => App.ResourceNotifications.WaitForResourceHealthyAsync(r, deadline.Token)));
        }
        catch (Exception e) when (e is OperationCanceledException or DistributedApplicationException)
        {
            throw new TimeoutException(
                $"Not every resource was healthy within {StartupDeadline} ({e.Message}):\n{DescribeResources()}\nLast resource logs:\n{string.Join('\n', _logs.TakeLast(60))}");
        }

        TimeToHealthy = started.Elapsed;
        // The AppHost's own errors and the resources' stderr (both through its logger), and the services' JSON lines at Error.
        StartupErrors = [.. _errors.Errors, .. _logs.Where(l => l.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal)
            || l.Contains("\"LogLevel\":\"Critical\"", StringComparison.Ordinal))];
    }

    public string DescribeResources() => string.Join('\n', _snapshots.OrderBy(s => s.Key).Select(s =>
        $"  {s.Key}: state={s.Value.State?.Text} health={s.Value.HealthStatus} " +
        string.Join("; ", s.Value.HealthReports.Select(h => $"{h.Name}={h.Status} {h.Description} {h.ExceptionText}"))));

    /// <summary>Fails when a line <paramref name="resource"/> logged holds any of <paramref name="values"/> (personal data), quoting a few.</summary>
    public void AssertLogsHoldNone(string resource, IReadOnlyCollection<string> values, string what)
    {
        var leaked = LogsOf(resource).Where(line => values.Any(v => line.Contains(v, StringComparison.Ordinal))).ToList();
        Assert.True(leaked.Count == 0, $"{what} in {resource}'s logs:\n{string.Join('\n', leaked.Take(5))}");
    }

    /// <summary>Runs a dashboard command of <paramref name="resource"/> as the dashboard does.</summary>
    public Task<ExecuteCommandResult> ExecuteCommandAsync(string resource, string command) =>
        App.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(
            App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resource), command);

    /// <summary>Every line a resource logged so far (a project's through its replica).</summary>
    public IEnumerable<string> LogsOf(string resource) => _logs.Where(l => l.StartsWith($"  [{resource}] ", StringComparison.Ordinal));

    /// <summary>The resources' own logs: for the failure message when startup goes wrong, and for tests that read them.</summary>
    private void WatchLogs()
    {
        var loggers = App.Services.GetRequiredService<ResourceLoggerService>();
        var model = App.Services.GetRequiredService<DistributedApplicationModel>();
        foreach (var resource in model.Resources.Where(r => Resources.Contains(r.Name)))
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await foreach (var lines in loggers.WatchAsync(resource).WithCancellation(_stopWatching.Token))
                    {
                        foreach (var line in lines)
                        {
                            _logs.Enqueue($"  [{resource.Name}] {line.Content}");
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                    // The fixture is being disposed.
                }
            });
        }
    }

    private async Task WatchAsync()
    {
        try
        {
            await foreach (var e in App.ResourceNotifications.WatchAsync(_stopWatching.Token))
            {
                _snapshots[e.Resource.Name] = e.Snapshot;
            }
        }
        catch (OperationCanceledException)
        {
            // The fixture is being disposed.
        }
    }

    public async Task DisposeAsync()
    {
        await _stopWatching.CancelAsync();
        await App.DisposeAsync();
        _stopWatching.Dispose();
        _errors.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}

/// <summary>
/// The destructive tests' own booted AppHost: PostgreSQL stopped, Kafka taken down, the worker killed, providers down or
/// failing. What they break (and the connections a restart leaves broken) never meets the other tests.
/// </summary>
public sealed class FaultsPlatformFixture : PlatformFixture;

[CollectionDefinition(Name)]
public sealed class FaultsCollection : ICollectionFixture<FaultsPlatformFixture>
{
    public const string Name = "platform-faults";
}

/// <summary>
/// Faults that last (a provider down for a minute, throttling for half a minute, the worker killed in a burst) on an
/// AppHost of their own: they mostly wait, so they run beside the other collections instead of after them.
/// </summary>
public sealed class LastingFaultsPlatformFixture : PlatformFixture;

[CollectionDefinition(Name)]
public sealed class LastingFaultsCollection : ICollectionFixture<LastingFaultsPlatformFixture>
{
    public const string Name = "platform-lasting-faults";
}
