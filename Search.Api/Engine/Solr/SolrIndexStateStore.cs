using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Search.Api.Engine.Solr;

/// <summary>
/// Reads and writes the core's <see cref="SolrIndexState"/>, and holds the reindex lease in it for this replica
/// (<see cref="Owner"/>): one writer across replicas, on Solr's optimistic concurrency.
/// </summary>
public sealed partial class SolrIndexStateStore(
    IHttpClientFactory clients, IOptions<SearchOptions> options, TimeProvider time, ILogger<SolrIndexStateStore> logger)
{
    /// <summary>How long a reindex may go without renewing its lease before another replica may take over.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(2);

    private static readonly string StatePath = $"get?id={SolrIndexState.DocumentId}&fl={SolrRequests.UniqueKey},{SolrIndexState.Field},_version_";

    /// <summary>This replica, as a lease names it.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Guid.NewGuid():N}";

    /// <summary>The state as Solr has it now (real-time get: uncommitted writes included), through <paramref name="client"/>.</summary>
    public async Task<SolrIndexState> ReadAsync(string client, CancellationToken cancellationToken)
    {
        using var answer = await SolrHttp.ReadAsync(await clients.CreateClient(client).GetAsync(StatePath, cancellationToken), cancellationToken);
        return SolrIndexState.Read(answer.RootElement);
    }

    /// <summary>Writes <paramref name="state"/> if nobody wrote since it was read; the state as written, with its new version.</summary>
    /// <exception cref="SolrLeaseException">Someone did (Solr's 409 version conflict).</exception>
    public async Task<SolrIndexState> WriteAsync(SolrIndexState state, bool commit, CancellationToken cancellationToken)
    {
        try
        {
            using var answer = await SolrHttp.ReadAsync(await clients.CreateClient(SolrSearchEngine.IndexingClient)
                .PostAsJsonAsync($"update?versions=true{(commit ? "&commit=true" : "")}", state.ToUpdate(), cancellationToken), cancellationToken);
            return state with { Version = SolrResponses.AddedVersion(answer.RootElement, SolrIndexState.DocumentId) };
        }
        catch (SolrException e) when (e.Code == 409)
        {
            throw new SolrLeaseException($"The index state changed meanwhile (another replica): {e.Message}");
        }
    }

    /// <summary>Takes the lease for a reindex writing <paramref name="generation"/>, unless another replica holds it.</summary>
    /// <exception cref="SolrLeaseException">Another replica holds it, or took it first.</exception>
    public async Task<SolrIndexState> AcquireLeaseAsync(string generation, CancellationToken cancellationToken)
    {
        var state = await ReadAsync(SolrSearchEngine.IndexingClient, cancellationToken);
        if (state.IsLeasedToAnotherThan(Owner, time.GetUtcNow()))
        {
            throw new SolrLeaseException($"Another Search.Api replica ({state.LeaseOwner}) is reindexing until {state.LeaseUntil:O}.");
        }

        return await WriteAsync(state with { Building = generation, LeaseOwner = Owner, LeaseUntil = time.GetUtcNow() + LeaseDuration }, commit: false, cancellationToken);
    }

    /// <summary>Extends the lease once half of it is used.</summary>
    public async Task<SolrIndexState> RenewLeaseAsync(SolrIndexState state, CancellationToken cancellationToken) =>
        state.LeaseUntil - time.GetUtcNow() > LeaseDuration / 2
            ? state
            : await WriteAsync(state with { LeaseUntil = time.GetUtcNow() + LeaseDuration }, commit: false, cancellationToken);

    /// <summary>After a failed reindex: the lease goes and the live generation stays (best effort: else the lease expires).</summary>
    public async Task ReleaseLeaseAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(options.Value.IndexingTimeout);
            var state = await ReadAsync(SolrSearchEngine.IndexingClient, timeout.Token);
            if (state.LeaseOwner == Owner)
            {
                await WriteAsync(state with { Building = null, LeaseOwner = null, LeaseUntil = null }, commit: false, timeout.Token);
            }
        }
        catch (Exception e) when (e is SolrException or HttpRequestException or OperationCanceledException)
        {
            LogLeaseNotReleased(logger, e.Message, LeaseDuration.TotalSeconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the reindex lease ({Reason}); it expires within {Seconds} s")]
    private static partial void LogLeaseNotReleased(ILogger logger, string reason, double seconds);
}
