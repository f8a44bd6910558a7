using Microsoft.Extensions.Options;
using Npgsql;
using Reporting.Api.Rollups;

namespace Reporting.Api.Reports;

/// <param name="UsesInPeriod">Redemptions with this code in the period.</param>
/// <param name="UsesToDate">Redemptions with this code ever, as Broadleaf counts them against <c>max_uses</c>.</param>
/// <param name="Remaining">max_uses − uses to date; null when unlimited (max_uses 0 or empty).</param>
public sealed record CampaignCode(long CodeId, string Code, int? MaxUses, long UsesInPeriod, long UsesToDate, long? Remaining);

/// <param name="Discounts">Order, item (value × quantity) and shipping adjustments this offer made on the redeeming orders.</param>
/// <param name="Revenue">order_total of the redeeming orders.</param>
public sealed record CampaignAmounts(string? Currency, decimal Discounts, decimal Revenue);

/// <param name="Redemptions">Audit rows in the period whose order is not CANCELLED: Broadleaf's own count of uses.</param>
/// <param name="RedemptionRate">Redemptions ÷ orders submitted in the period that are not CANCELLED (to 4 decimals).</param>
public sealed record CampaignRow(
    long OfferId, string Name, string OfferType, string? DiscountType, decimal Value, DateTime? StartDate, DateTime? EndDate, bool Archived,
    long Redemptions, long Customers, decimal RedemptionRate, IReadOnlyList<CampaignAmounts> Amounts, IReadOnlyList<CampaignCode> Codes);

public sealed record CampaignReportResponse(
    DateOnly StartDate, DateOnly EndDate, string Timezone, long OrdersInPeriod, IReadOnlyList<CampaignRow> Items, DateTimeOffset AsOf);

/// <summary>
/// Per offer (campaign): its terms and codes (from the replica's offer tables), redemptions, customers, code usage
/// against limits, discounts and revenue (from the sales rollups' audits and orders, <see cref="SalesRollupStore"/>).
/// </summary>
public sealed class CampaignReport(
    NpgsqlDataSource replica, [FromKeyedServices(SalesRollupStore.Name)] NpgsqlDataSource store, IOptions<ReportingOptions> options)
{
    private const string Redemptions = """
        SELECT offer_id, currency_code, count(*), sum(discounts), sum(order_total)
        FROM sales_redemption
        WHERE redeemed_date >= $1 AND redeemed_date < $2 AND NOT cancelled AND ($3::bigint IS NULL OR offer_id = $3)
        GROUP BY offer_id, currency_code
        """;

    private const string Customers = """
        SELECT offer_id, count(DISTINCT customer_id)
        FROM sales_redemption
        WHERE redeemed_date >= $1 AND redeemed_date < $2 AND NOT cancelled AND ($3::bigint IS NULL OR offer_id = $3)
        GROUP BY offer_id
        """;

    /// <summary>Uses of every code in the period and to date, as Broadleaf counts them against <c>max_uses</c>.</summary>
    private const string CodeUses = """
        SELECT offer_code_id, count(*) FILTER (WHERE redeemed_date >= $1 AND redeemed_date < $2), count(*)
        FROM sales_redemption
        WHERE offer_code_id IS NOT NULL AND NOT cancelled
        GROUP BY offer_code_id
        """;

    private const string CountedOrders = """
        SELECT coalesce(sum(orders), 0)::bigint FROM sales_quarter_hour WHERE bucket >= $1 AND bucket < $2 AND NOT cancelled
        """;

    private const string Offers = """
        SELECT offer_id, offer_name, offer_type, offer_discount_type, offer_value, start_date, end_date, coalesce(archived, 'N') = 'Y'
        FROM blc_offer WHERE ($3::bigint IS NULL OR offer_id = $3) ORDER BY offer_id
        """;

    private const string Codes = """
        SELECT offer_id, offer_code_id, offer_code, max_uses FROM blc_offer_code WHERE ($3::bigint IS NULL OR offer_id = $3) ORDER BY offer_code_id
        """;

    public async Task<CampaignReportResponse> RunAsync(ReportPeriod period, long? campaignId, CancellationToken ct)
    {
        var asOf = await SalesRollupStore.ReadSyncedAtAsync(store, ct) ?? throw new SalesRollupNotReadyException();
        await using var rollups = await store.OpenConnectionAsync(ct);
        var orders = (await ReadAsync(Command(rollups, CountedOrders, period, campaignId), r => r.GetInt64(0), ct)).Single();
        var redemptions = await ReadAsync(Command(rollups, Redemptions, period, campaignId), r =>
            (Offer: r.GetInt64(0), Count: r.GetInt64(2),
             Amounts: new CampaignAmounts(r.IsDBNull(1) ? null : r.GetString(1), r.GetDecimal(3), r.GetDecimal(4))), ct);
        var customers = (await ReadAsync(Command(rollups, Customers, period, campaignId), r => (Offer: r.GetInt64(0), Count: r.GetInt64(1)), ct))
            .ToDictionary(c => c.Offer, c => c.Count);
        var uses = (await ReadAsync(Command(rollups, CodeUses, period, campaignId), r => (Code: r.GetInt64(0), InPeriod: r.GetInt64(1), ToDate: r.GetInt64(2)), ct))
            .ToDictionary(u => u.Code);

        await using var offers = await replica.OpenConnectionAsync(ct);
        var codes = await ReadAsync(Command(offers, Codes, period, campaignId), r =>
        {
            var (id, maxUses) = (r.GetInt64(1), r.IsDBNull(3) ? (int?)null : r.GetInt32(3));
            var (inPeriod, toDate) = uses.TryGetValue(id, out var u) ? (u.InPeriod, u.ToDate) : (0L, 0L);
            return (Offer: r.GetInt64(0), Code: new CampaignCode(id, r.GetString(2), maxUses, inPeriod, toDate,
                maxUses is null or <= 0 ? null : Math.Max(0, maxUses.Value - toDate)));
        }, ct);

        var items = await ReadAsync(Command(offers, Offers, period, campaignId), r =>
        {
            var id = r.GetInt64(0);
            var mine = redemptions.Where(x => x.Offer == id).ToList();
            var count = mine.Sum(x => x.Count);
            return new CampaignRow(id, r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetDecimal(4),
                r.IsDBNull(5) ? null : r.GetDateTime(5), r.IsDBNull(6) ? null : r.GetDateTime(6), r.GetBoolean(7),
                count, customers.GetValueOrDefault(id), DeliveryReport.Share(count, orders),
                mine.Select(x => x.Amounts).OrderBy(a => a.Currency, StringComparer.Ordinal).ToList(),
                codes.Where(c => c.Offer == id).Select(c => c.Code).ToList());
        }, ct);

        return new CampaignReportResponse(period.Start, period.End, period.TimeZone.Id, orders, items, asOf);
    }

    /// <summary>Every campaign query takes the same parameters (each uses those it needs): $1/$2 the store-local period, $3 the optional offer id.</summary>
    private NpgsqlCommand Command(NpgsqlConnection connection, string sql, ReportPeriod period, long? campaignId) =>
        new(sql, connection)
        {
            CommandTimeout = options.Value.QueryTimeoutSeconds,
            Parameters =
            {
                new NpgsqlParameter<DateTime> { TypedValue = period.StoreFrom },
                new NpgsqlParameter<DateTime> { TypedValue = period.StoreTo },
                new NpgsqlParameter<long?> { TypedValue = campaignId },
            },
        };

    private static async Task<List<T>> ReadAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> map, CancellationToken ct)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            var rows = new List<T>();
            while (await reader.ReadAsync(ct))
            {
                rows.Add(map(reader));
            }

            return rows;
        }
    }
}
