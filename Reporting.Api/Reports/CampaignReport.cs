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
/// <param name="Change">With <c>compare</c>: the offer's figures against the compared period.</param>
public sealed record CampaignRow(
    long OfferId, string Name, string OfferType, string? DiscountType, decimal Value, DateTime? StartDate, DateTime? EndDate, bool Archived,
    long Redemptions, long Customers, decimal RedemptionRate, IReadOnlyList<CampaignAmounts> Amounts, IReadOnlyList<CampaignCode> Codes,
    CampaignChange? Change = null);

/// <param name="Amounts">Per currency of either period.</param>
public sealed record CampaignChange(
    FigureChange Redemptions, FigureChange Customers, FigureChange RedemptionRate, IReadOnlyList<CampaignAmountsChange> Amounts);

public sealed record CampaignAmountsChange(string? Currency, FigureChange Discounts, FigureChange Revenue);

public sealed record CampaignReportResponse(
    DateOnly StartDate, DateOnly EndDate, string Timezone, string? Compare, ComparedPeriod? Previous, long OrdersInPeriod,
    IReadOnlyList<CampaignRow> Items, DateTimeOffset AsOf);

/// <summary>
/// Per offer (campaign): its terms and codes (from the replica's offer tables), redemptions, customers, code usage
/// against limits, discounts and revenue (from the reporting store's day sums and redemptions, <see cref="ReportingStore"/>).
/// </summary>
public sealed class CampaignReport(
    NpgsqlDataSource replica, [FromKeyedServices(ReportingStore.Name)] NpgsqlDataSource store)
{
    private const string Redemptions = """
        SELECT offer_id, currency_code, sum(redemptions)::bigint, sum(discounts), sum(order_total)
        FROM (
            SELECT offer_id, currency_code, redemptions, discounts, order_total FROM redemption_day WHERE day >= $3::date AND day < $4::date
            UNION ALL
            SELECT offer_id, currency_code, 1, discounts, coalesce(order_total, 0) FROM sales_redemption
            WHERE redeemed_date >= $1 AND redeemed_date < $2 AND (redeemed_date < $3 OR redeemed_date >= $4) AND NOT cancelled
        ) x
        WHERE $5::bigint IS NULL OR offer_id = $5
        GROUP BY offer_id, currency_code
        """;

    /// <summary>Distinct customers: each counted once, at their first redemption of the offer in the period.</summary>
    private const string Customers = """
        SELECT offer_id, count(*)
        FROM sales_redemption
        WHERE redeemed_date >= $1 AND redeemed_date < $2 AND NOT cancelled AND customer_id IS NOT NULL
          AND (previous_redeemed IS NULL OR previous_redeemed < $1) AND ($5::bigint IS NULL OR offer_id = $5)
        GROUP BY offer_id
        """;

    /// <summary>Uses of every code in the period and to date, as Broadleaf counts them against <c>max_uses</c>.</summary>
    private const string CodeUses = """
        SELECT offer_code_id, sum(in_period)::bigint, sum(to_date)::bigint
        FROM (
            SELECT offer_code_id, CASE WHEN day >= $3::date AND day < $4::date THEN uses ELSE 0 END AS in_period, uses AS to_date FROM code_day
            UNION ALL
            SELECT offer_code_id, 1, 0 FROM sales_redemption
            WHERE offer_code_id IS NOT NULL AND NOT cancelled
              AND redeemed_date >= $1 AND redeemed_date < $2 AND (redeemed_date < $3 OR redeemed_date >= $4)
        ) x
        GROUP BY offer_code_id
        """;

    private static string CountedOrders(ReportPeriod period) => $"""
        SELECT coalesce(sum(orders), 0)::bigint FROM {ReportingStore.SalesSumsSplitAt([period.StoreFrom, period.StoreTo])}
        WHERE bucket >= $1 AND bucket < $2 AND NOT cancelled
        """;

    private const string Offers = """
        SELECT offer_id, offer_name, offer_type, offer_discount_type, offer_value, start_date, end_date, coalesce(archived, 'N') = 'Y'
        FROM blc_offer WHERE ($5::bigint IS NULL OR offer_id = $5) ORDER BY offer_id
        """;

    private const string Codes = """
        SELECT offer_id, offer_code_id, offer_code, max_uses FROM blc_offer_code WHERE ($5::bigint IS NULL OR offer_id = $5) ORDER BY offer_code_id
        """;

    /// <summary>What the store holds about the offers over one period.</summary>
    private sealed record Figures(
        long Orders, List<(long Offer, long Count, CampaignAmounts Amounts)> Redemptions, Dictionary<long, long> Customers,
        Dictionary<long, (long InPeriod, long ToDate)> Uses)
    {
        public long RedemptionsOf(long offer) => Redemptions.Where(x => x.Offer == offer).Sum(x => x.Count);

        public List<CampaignAmounts> AmountsOf(long offer) =>
            [.. Redemptions.Where(x => x.Offer == offer).Select(x => x.Amounts).OrderBy(a => a.Currency, StringComparer.Ordinal)];
    }

    public async Task<CampaignReportResponse> RunAsync(ReportPeriod period, long? campaignId, ReportComparison comparison, CancellationToken ct)
    {
        var asOf = await ReportingStore.ReadSyncedAtAsync(store, ct) ?? throw new ReportingStoreNotReadyException();
        var figures = await ReadFiguresAsync(period, campaignId, ct);
        var before = period.ComparedWith(comparison);
        var previous = before is null ? null : await ReadFiguresAsync(before, campaignId, ct);

        await using var offers = await replica.OpenConnectionAsync(ct);
        var codes = await ReadAsync(Command(offers, Codes, period, campaignId), r =>
        {
            var (id, maxUses) = (r.GetInt64(1), r.IsDBNull(3) ? (int?)null : r.GetInt32(3));
            var (inPeriod, toDate) = figures.Uses.GetValueOrDefault(id);
            return (Offer: r.GetInt64(0), Code: new CampaignCode(id, r.GetString(2), maxUses, inPeriod, toDate,
                maxUses is null or <= 0 ? null : Math.Max(0, maxUses.Value - toDate)));
        }, ct);

        var items = await ReadAsync(Command(offers, Offers, period, campaignId), r =>
        {
            var id = r.GetInt64(0);
            var count = figures.RedemptionsOf(id);
            return new CampaignRow(id, r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetDecimal(4),
                r.IsDBNull(5) ? null : r.GetDateTime(5), r.IsDBNull(6) ? null : r.GetDateTime(6), r.GetBoolean(7),
                count, figures.Customers.GetValueOrDefault(id), DeliveryReport.Share(count, figures.Orders), figures.AmountsOf(id),
                codes.Where(c => c.Offer == id).Select(c => c.Code).ToList(),
                previous is null ? null : ChangeOf(id, figures, previous));
        }, ct);

        return new CampaignReportResponse(period.Start, period.End, period.TimeZone.Id, comparison.ToParameter(),
            before is null ? null : new ComparedPeriod(before.Start, before.End), figures.Orders, items, asOf);
    }

    private static CampaignChange ChangeOf(long offer, Figures now, Figures then)
    {
        var (current, earlier) = (now.AmountsOf(offer), then.AmountsOf(offer));
        return new CampaignChange(
            FigureChange.Of(now.RedemptionsOf(offer), then.RedemptionsOf(offer)),
            FigureChange.Of(now.Customers.GetValueOrDefault(offer), then.Customers.GetValueOrDefault(offer)),
            FigureChange.Of(DeliveryReport.Share(now.RedemptionsOf(offer), now.Orders), DeliveryReport.Share(then.RedemptionsOf(offer), then.Orders)),
            [.. current.Select(a => a.Currency).Union(earlier.Select(a => a.Currency)).Order(StringComparer.Ordinal).Select(currency =>
            {
                var (c, e) = (current.SingleOrDefault(a => a.Currency == currency), earlier.SingleOrDefault(a => a.Currency == currency));
                return new CampaignAmountsChange(currency, FigureChange.Of(c?.Discounts ?? 0, e?.Discounts ?? 0), FigureChange.Of(c?.Revenue ?? 0, e?.Revenue ?? 0));
            })]);
    }

    private async Task<Figures> ReadFiguresAsync(ReportPeriod period, long? campaignId, CancellationToken ct)
    {
        await using var rollups = await store.OpenConnectionAsync(ct);
        var orders = (await ReadAsync(Command(rollups, CountedOrders(period), period, campaignId), r => r.GetInt64(0), ct)).Single();
        var redemptions = await ReadAsync(Command(rollups, Redemptions, period, campaignId), r =>
            (Offer: r.GetInt64(0), Count: r.GetInt64(2),
             Amounts: new CampaignAmounts(r.IsDBNull(1) ? null : r.GetString(1), r.GetDecimal(3), r.GetDecimal(4))), ct);
        var customers = (await ReadAsync(Command(rollups, Customers, period, campaignId), r => (Offer: r.GetInt64(0), Count: r.GetInt64(1)), ct))
            .ToDictionary(c => c.Offer, c => c.Count);
        var uses = (await ReadAsync(Command(rollups, CodeUses, period, campaignId), r => (Code: r.GetInt64(0), InPeriod: r.GetInt64(1), ToDate: r.GetInt64(2)), ct))
            .ToDictionary(u => u.Code, u => (u.InPeriod, u.ToDate));
        return new Figures(orders, redemptions, customers, uses);
    }

    /// <summary>Every campaign query takes the same parameters (each uses those it needs): $1–$4 the period (<see cref="ReportPeriod.AddStoreParameters"/>), $5 the optional offer id.</summary>
    private NpgsqlCommand Command(NpgsqlConnection connection, string sql, ReportPeriod period, long? campaignId)
    {
        var command = new NpgsqlCommand(sql, connection);
        period.AddStoreParameters(command);
        command.Parameters.Add(new NpgsqlParameter<long?> { TypedValue = campaignId });
        return command;
    }

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
