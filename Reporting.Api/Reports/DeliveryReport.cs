using Npgsql;
using Reporting.Api.Rollups;

namespace Reporting.Api.Reports;

/// <param name="Status">Broadleaf's FulfillmentGroupStatusType, or null: no OMS has set it yet.</param>
/// <param name="Label">The status for people: <c>NOT_YET_FULFILLED</c> for null.</param>
public sealed record DeliveryStatusRow(string? Status, string Label, long Groups, decimal Share);

public sealed record DeliveryTypeRow(string? Type, long Groups, decimal Share);

/// <param name="FulfilledShare">Groups FULFILLED, SHIPPED or DELIVERED (delivered goods were fulfilled) over all groups.</param>
/// <param name="DeliveredShare">Groups DELIVERED over all groups.</param>
public sealed record DeliveryReportResponse(
    DateOnly StartDate, DateOnly EndDate, string Timezone, long TotalGroups,
    IReadOnlyList<DeliveryStatusRow> ByStatus, IReadOnlyList<DeliveryTypeRow> ByType,
    decimal FulfilledShare, decimal DeliveredShare, DateTimeOffset AsOf);

/// <summary>
/// Fulfillment groups of the orders submitted in the period, per status and per fulfillment type. Broadleaf keeps no
/// fulfillment timestamps, so the order's submit time places a group in the period. Read from the reporting store's day
/// sums and, for the partial days at the ends, its groups (<see cref="ReportingStore"/>).
/// </summary>
public sealed class DeliveryReport([FromKeyedServices(ReportingStore.Name)] NpgsqlDataSource store)
{
    public const string NotYetFulfilled = "NOT_YET_FULFILLED";
    private static readonly string[] Fulfilled = ["FULFILLED", "SHIPPED", "DELIVERED"];

    private const string Sql = """
        SELECT status, type, sum(groups)::bigint
        FROM (
            SELECT status, type, groups FROM delivery_day WHERE day >= $3::date AND day < $4::date
            UNION ALL
            SELECT status, type, 1 FROM delivery_group WHERE submit_date >= $1 AND submit_date < $2 AND (submit_date < $3 OR submit_date >= $4)
        ) x
        GROUP BY status, type
        """;

    public async Task<DeliveryReportResponse> RunAsync(ReportPeriod period, CancellationToken ct)
    {
        var asOf = await ReportingStore.ReadSyncedAtAsync(store, ct) ?? throw new ReportingStoreNotReadyException();
        await using var command = store.CreateCommand(Sql);
        period.AddStoreParameters(command);

        var counts = new List<(string? Status, string? Type, long Groups)>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                counts.Add((reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2)));
            }
        }

        var total = counts.Sum(c => c.Groups);
        var byStatus = counts.GroupBy(c => c.Status)
            .Select(g => new DeliveryStatusRow(g.Key, g.Key ?? NotYetFulfilled, g.Sum(c => c.Groups), Share(g.Sum(c => c.Groups), total)))
            .OrderByDescending(r => r.Groups).ThenBy(r => r.Label, StringComparer.Ordinal)
            .ToList();
        var byType = counts.GroupBy(c => c.Type)
            .Select(g => new DeliveryTypeRow(g.Key, g.Sum(c => c.Groups), Share(g.Sum(c => c.Groups), total)))
            .OrderByDescending(r => r.Groups).ThenBy(r => r.Type, StringComparer.Ordinal)
            .ToList();

        return new DeliveryReportResponse(period.Start, period.End, period.TimeZone.Id, total, byStatus, byType,
            Share(counts.Where(c => c.Status is { } s && Fulfilled.Contains(s)).Sum(c => c.Groups), total),
            Share(counts.Where(c => c.Status == "DELIVERED").Sum(c => c.Groups), total),
            asOf);
    }

    /// <summary>A ratio rounded to 4 decimals (0.1234 = 12.34 %); 0 when there is nothing to divide.</summary>
    public static decimal Share(long part, long whole) => whole == 0 ? 0m : Math.Round((decimal)part / whole, 4, MidpointRounding.AwayFromZero);
}
