using Microsoft.Extensions.Options;
using Npgsql;

namespace Reporting.Api.Reports;

/// <summary>Orders and amounts of one <c>order_status</c> in one currency; unknown statuses appear as they are.</summary>
public sealed record OrderStatusRow(string? Status, string? Currency, long Orders, decimal Subtotal, decimal Total);

public sealed record OrderStatusReportResponse(
    DateOnly StartDate, DateOnly EndDate, string Timezone, IReadOnlyList<OrderStatusRow> Items, DateTimeOffset AsOf);

/// <summary>
/// Orders per status and currency whose time falls in the period: the submit time for orders that went through
/// checkout, the creation time for the others (carts, wishlists, quotes have no submit time).
/// </summary>
public sealed class OrderStatusReport(NpgsqlDataSource database, IOptions<ReportingOptions> options, TimeProvider clock)
{
    private const string Sql = """
        SELECT order_status, currency_code, count(*), coalesce(sum(order_subtotal), 0), coalesce(sum(order_total), 0)
        FROM blc_order
        WHERE coalesce(submit_date, date_created) >= $1 AND coalesce(submit_date, date_created) < $2
        GROUP BY order_status, currency_code
        ORDER BY order_status NULLS LAST, currency_code NULLS LAST
        """;

    public async Task<OrderStatusReportResponse> RunAsync(ReportPeriod period, CancellationToken ct)
    {
        await using var command = database.CreateCommand(Sql);
        command.CommandTimeout = options.Value.QueryTimeoutSeconds;
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = period.StoreFrom });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = period.StoreTo });

        var rows = new List<OrderStatusRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new OrderStatusRow(
                reader.IsDBNull(0) ? null : reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetInt64(2),
                reader.GetDecimal(3),
                reader.GetDecimal(4)));
        }

        return new OrderStatusReportResponse(period.Start, period.End, period.TimeZone.Id, rows, clock.GetUtcNow());
    }
}
