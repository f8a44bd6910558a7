using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace Reporting.Api.Rollups;

/// <summary>Keeps the reporting store caught up: a sync every <see cref="ReportingOptions.RollupSyncInterval"/>, each bounded in time.</summary>
public sealed partial class ReportingStoreWorker : BackgroundService
{
    private readonly ReportingStoreSync _sync;
    private readonly ReportingOptions _options;
    private readonly ILogger<ReportingStoreWorker> _logger;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _orders;

    public ReportingStoreWorker(ReportingStoreSync sync, IOptions<ReportingOptions> options, IMeterFactory meters, IHostEnvironment environment,
        ILogger<ReportingStoreWorker> logger)
    {
        (_sync, _options, _logger) = (sync, options.Value, logger);
        // The service's own meter, which ServiceDefaults exports.
        var meter = meters.Create(environment.ApplicationName);
        _duration = meter.CreateHistogram<double>("reporting.sales_rollup.sync.duration", "s", "Time of one catch-up of the reporting store with the replica.");
        _orders = meter.CreateCounter<long>("reporting.sales_rollup.orders", "{order}", "Orders (carts included) written to the reporting store.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.RollupSyncInterval);
        do
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            bounded.CancelAfter(_options.RollupSyncTimeout);
            try
            {
                if (await _sync.SyncAsync(bounded.Token) is { } result)
                {
                    _duration.Record(result.Duration.TotalSeconds);
                    _orders.Add(result.Orders);
                    if (result.Orders > 0)
                    {
                        LogSynced(_logger, result.Orders, result.FullLoad, result.Reconciled, (long)result.Duration.TotalMilliseconds);
                    }
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The replica or the store is down or slow: the report keeps serving the last sync; the next tick retries.
                LogFailed(_logger, e.GetType().Name, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reporting store: {Orders} orders written (full load: {FullLoad}, reconciled: {Reconciled}) in {ElapsedMs} ms")]
    private static partial void LogSynced(ILogger logger, int orders, bool fullLoad, bool reconciled, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The reporting store could not sync ({ExceptionType}): {Reason}")]
    private static partial void LogFailed(ILogger logger, string exceptionType, string reason);
}
