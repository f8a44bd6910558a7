namespace Reporting.Api;

/// <summary>Reporting settings (configuration section <c>Reporting</c>).</summary>
public sealed class ReportingOptions
{
    public const string SectionName = "Reporting";

    /// <summary>The zone Broadleaf's JVM wrote its timestamps in: they are stored as local time without zone.</summary>
    public string StoreTimeZone { get; set; } = "America/Chicago";

    /// <summary>The report timezone when a request names none.</summary>
    public string DefaultTimeZone { get; set; } = "America/Chicago";

    /// <summary>Longest range one request may cover.</summary>
    public int MaxRangeDays { get; set; } = 731;

    /// <summary>Low-stock threshold when a request names none.</summary>
    public int LowStockThreshold { get; set; } = 5;

    /// <summary>The claim that carries roles in the identity provider's tokens, and the role reports require.</summary>
    public string RoleClaim { get; set; } = "roles";

    public string AdminRole { get; set; } = "admin";

    /// <summary>
    /// Origins of the admin UI that browsers may call the reports from (CORS); none by default, so that no other site's
    /// scripts can read reports with a user's token.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>Bound on any report query; past it the caller gets a 503 to retry, never a hang.</summary>
    public int QueryTimeoutSeconds { get; set; } = 15;

    /// <summary>Bound on opening a connection, so that a database outage answers fast.</summary>
    public int ConnectTimeoutSeconds { get; set; } = 1;

    public int RetryAfterSeconds { get; set; } = 5;

    /// <summary>How often the reporting store catches up with the replica: the bound on how stale the reports are.</summary>
    public int RollupSyncIntervalSeconds { get; set; } = 5;

    /// <summary>
    /// How far behind the newest <c>date_updated</c> seen each sync looks again: covers the hour a DST change repeats in
    /// Broadleaf's local timestamps and transactions that commit after later ones.
    /// </summary>
    public int RollupOverlapMinutes { get; set; } = 120;

    /// <summary>Bound on one sync (the first one loads every checked-out order).</summary>
    public int RollupSyncTimeoutSeconds { get; set; } = 900;

    /// <summary>
    /// How often a sync also compares the store's carts and fulfillment groups with the replica's whole: purged carts and
    /// group statuses an OMS sets without saving the order leave no <c>date_updated</c> to find them by.
    /// </summary>
    public int RollupReconcileSeconds { get; set; } = 600;

    /// <summary>
    /// Memory per sort or hash of a query on the reporting store (PostgreSQL <c>work_mem</c>): top products over a long
    /// period groups a row per SKU and currency ever sold, and spills to disk under PostgreSQL's 4 MB default.
    /// </summary>
    public int StoreWorkMemMegabytes { get; set; } = 64;

    /// <summary>Past this age of the last sync, <c>/health</c> reports the rollups degraded.</summary>
    public int RollupStaleAfterSeconds { get; set; } = 60;
}
