using Microsoft.Extensions.Options;
using Npgsql;

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

/// <summary>Per offer (campaign): its terms, redemptions, customers, code usage against limits, discounts and revenue.</summary>
public sealed class CampaignReport(NpgsqlDataSource database, IOptions<ReportingOptions> options, TimeProvider clock)
{
    private const string Redemptions = """
        WITH redeemed AS (
            SELECT a.offer_id, a.order_id, a.customer_id, a.offer_code_id, o.currency_code, o.order_total
            FROM blc_offer_audit a JOIN blc_order o ON o.order_id = a.order_id
            WHERE a.redeemed_date >= $1 AND a.redeemed_date < $2 AND o.order_status <> 'CANCELLED'
              AND ($3::bigint IS NULL OR a.offer_id = $3)
        ), adjustments AS (
            SELECT r.offer_id, r.order_id, sum(x.amount) AS amount FROM redeemed r JOIN (
                SELECT order_id, offer_id, adjustment_value AS amount FROM blc_order_adjustment
                UNION ALL
                SELECT i.order_id, d.offer_id, d.adjustment_value * p.quantity
                FROM blc_order_item_dtl_adj d
                JOIN blc_order_item_price_dtl p ON p.order_item_price_dtl_id = d.order_item_price_dtl_id
                JOIN blc_order_item i ON i.order_item_id = p.order_item_id
                UNION ALL
                SELECT g.order_id, f.offer_id, f.adjustment_value
                FROM blc_fg_adjustment f JOIN blc_fulfillment_group g ON g.fulfillment_group_id = f.fulfillment_group_id
            ) x ON x.order_id = r.order_id AND x.offer_id = r.offer_id
            GROUP BY r.offer_id, r.order_id
        )
        SELECT r.offer_id, r.currency_code, count(*), coalesce(sum(a.amount), 0), sum(r.order_total)
        FROM redeemed r LEFT JOIN adjustments a ON a.offer_id = r.offer_id AND a.order_id = r.order_id
        GROUP BY r.offer_id, r.currency_code
        """;

    private const string Offers = """
        SELECT offer_id, offer_name, offer_type, offer_discount_type, offer_value, start_date, end_date, coalesce(archived, 'N') = 'Y'
        FROM blc_offer WHERE ($3::bigint IS NULL OR offer_id = $3) ORDER BY offer_id
        """;

    private const string Codes = """
        SELECT c.offer_id, c.offer_code_id, c.offer_code, c.max_uses,
               count(a.offer_audit_id) FILTER (WHERE a.redeemed_date >= $1 AND a.redeemed_date < $2),
               count(a.offer_audit_id)
        FROM blc_offer_code c
        LEFT JOIN blc_offer_audit a ON a.offer_code_id = c.offer_code_id
            AND EXISTS (SELECT 1 FROM blc_order o WHERE o.order_id = a.order_id AND o.order_status <> 'CANCELLED')
        WHERE ($3::bigint IS NULL OR c.offer_id = $3)
        GROUP BY c.offer_id, c.offer_code_id, c.offer_code, c.max_uses
        ORDER BY c.offer_code_id
        """;

    private const string CountedOrders = """
        SELECT count(*) FROM blc_order WHERE submit_date >= $1 AND submit_date < $2 AND order_status <> 'CANCELLED'
        """;

    private const string Customers = """
        SELECT a.offer_id, count(DISTINCT a.customer_id)
        FROM blc_offer_audit a JOIN blc_order o ON o.order_id = a.order_id
        WHERE a.redeemed_date >= $1 AND a.redeemed_date < $2 AND o.order_status <> 'CANCELLED' AND ($3::bigint IS NULL OR a.offer_id = $3)
        GROUP BY a.offer_id
        """;

    public async Task<CampaignReportResponse> RunAsync(ReportPeriod period, long? campaignId, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        var orders = (await ReadAsync(Command(connection, CountedOrders, period, campaignId), r => r.GetInt64(0), ct)).Single();
        var redemptions = await ReadAsync(Command(connection, Redemptions, period, campaignId), r =>
            (Offer: r.GetInt64(0), Count: r.GetInt64(2),
             Amounts: new CampaignAmounts(r.IsDBNull(1) ? null : r.GetString(1), r.GetDecimal(3), r.GetDecimal(4))), ct);
        var customers = (await ReadAsync(Command(connection, Customers, period, campaignId), r => (Offer: r.GetInt64(0), Count: r.GetInt64(1)), ct))
            .ToDictionary(c => c.Offer, c => c.Count);
        var codes = await ReadAsync(Command(connection, Codes, period, campaignId), r =>
            (Offer: r.GetInt64(0), Code: new CampaignCode(r.GetInt64(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetInt32(3), r.GetInt64(4), r.GetInt64(5),
                r.IsDBNull(3) || r.GetInt32(3) <= 0 ? null : Math.Max(0, r.GetInt32(3) - r.GetInt64(5)))), ct);

        var items = await ReadAsync(Command(connection, Offers, period, campaignId), r =>
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

        return new CampaignReportResponse(period.Start, period.End, period.TimeZone.Id, orders, items, clock.GetUtcNow());
    }

    /// <summary>Every campaign query takes the same parameters: $1/$2 the store-local period, $3 the optional offer id.</summary>
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
