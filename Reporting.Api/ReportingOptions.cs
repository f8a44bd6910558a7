using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Reporting.Api;

/// <summary>Reporting settings (configuration section <c>Reporting</c>).</summary>
public sealed class ReportingOptions : IValidatableObject
{
    public const string SectionName = "Reporting";

    /// <summary>The zone Broadleaf's JVM wrote its timestamps in: they are stored as local time without zone.</summary>
    public string StoreTimeZone { get; set; } = "America/Chicago";

    /// <summary>The report timezone when a request names none.</summary>
    public string DefaultTimeZone { get; set; } = "America/Chicago";

    /// <summary>Longest range one request may cover.</summary>
    [Range(1, 3660)]
    public int MaxRangeDays { get; set; } = 731;

    /// <summary>Low-stock threshold when a request names none.</summary>
    [Range(0, int.MaxValue)]
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
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Bound on opening a connection, so that a database outage answers fast.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>What a 503 tells callers to wait before trying again (<c>Retry-After</c>, whole seconds).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the reporting store catches up with the replica: the bound on how stale the reports are.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "01:00:00")]
    public TimeSpan RollupSyncInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How far behind the newest <c>date_updated</c> seen each sync looks again: covers the hour a DST change repeats in
    /// Broadleaf's local timestamps and transactions that commit after later ones.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan RollupOverlap { get; set; } = TimeSpan.FromMinutes(120);

    /// <summary>Bound on one sync (the first one loads every checked-out order).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RollupSyncTimeout { get; set; } = TimeSpan.FromSeconds(900);

    /// <summary>
    /// How often a sync also compares the store's carts and fulfillment groups with the replica's whole: purged carts and
    /// group statuses an OMS sets without saving the order leave no <c>date_updated</c> to find them by.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RollupReconcile { get; set; } = TimeSpan.FromSeconds(600);

    /// <summary>
    /// Memory per sort or hash of a query on the reporting store (PostgreSQL <c>work_mem</c>): top products over a long
    /// period groups a row per SKU and currency ever sold, and spills to disk under PostgreSQL's 4 MB default.
    /// </summary>
    [Range(1, 4096)]
    public int StoreWorkMemMegabytes { get; set; } = 64;

    /// <summary>Past this age of the last sync, <c>/health</c> reports the rollups degraded.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RollupStaleAfter { get; set; } = TimeSpan.FromSeconds(60);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, zone) in new[] { (nameof(StoreTimeZone), StoreTimeZone), (nameof(DefaultTimeZone), DefaultTimeZone) })
        {
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            {
                yield return new ValidationResult($"Reporting:{name} '{zone}' is not a known timezone.", [name]);
            }
        }
    }
}

/// <summary>Checks <see cref="ReportingOptions"/> at start (generated from its annotations).</summary>
[OptionsValidator]
public sealed partial class ReportingOptionsValidator : IValidateOptions<ReportingOptions>;
