using Microsoft.Extensions.Options;

namespace Search.Api.Merchandising;

/// <summary>
/// Keeps <see cref="MerchandisingStore"/> current: reads the rules again every <see cref="SearchOptions.MerchandisingRefresh"/>,
/// so a merchant's change applies within that; while the replica is away the last rules stay in force.
/// </summary>
public sealed partial class MerchandisingRefresher(
    MerchandisingReader reader, MerchandisingStore store, IOptions<SearchOptions> options, TimeProvider time, ILogger<MerchandisingRefresher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.MerchandisingRefresh, time);
        do
        {
            try
            {
                store.Current = await reader.ReadAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogReadFailed(logger, e.GetType().Name, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the search synonyms and redirects ({ExceptionType}: {Reason}); the last ones stay in force")]
    private static partial void LogReadFailed(ILogger logger, string exceptionType, string reason);
}
