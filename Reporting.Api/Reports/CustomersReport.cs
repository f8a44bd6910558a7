using Npgsql;
using Reporting.Api.Rollups;

namespace Reporting.Api.Reports;

/// <summary>New and returning customers' orders in one currency over the period.</summary>
/// <param name="Customers">Distinct customers with an order in this currency in the period.</param>
/// <param name="NewCustomers">Those whose first order (in any currency) is in the period.</param>
/// <param name="ReturningCustomers">Those who had ordered before the period.</param>
/// <param name="ReturningCustomerRate">Returning ÷ all customers, to 4 decimals (0.2500 = 25 %).</param>
/// <param name="RevenuePerCustomer">Revenue ÷ customers, rounded to cents.</param>
public sealed record CustomerFigures(
    string? Currency, long Orders, long OrdersByNewCustomers, long OrdersByReturningCustomers,
    long Customers, long NewCustomers, long ReturningCustomers, decimal ReturningCustomerRate,
    decimal Revenue, decimal RevenueByNewCustomers, decimal RevenueByReturningCustomers, decimal RevenuePerCustomer);

public sealed record CustomersReportResponse(
    DateOnly StartDate, DateOnly EndDate, string Timezone, string? Currency, IReadOnlyList<CustomerFigures> Totals, DateTimeOffset AsOf);

/// <summary>
/// New and returning customers over the counted orders (submitted, not CANCELLED) of the period. A customer is new in
/// the period that holds their first counted order over the whole history. The store keeps, per counted order, its
/// customer's first order and their previous order in the same currency (<see cref="ReportingStore"/>), so a customer
/// is counted once, at their first order of the period, without a distinct count over the period's orders; and it sums
/// those per day and month of the first or previous order, so a long period reads sums rather than every order.
/// </summary>
public sealed class CustomersReport([FromKeyedServices(ReportingStore.Name)] NpgsqlDataSource store)
{
    /// <summary>
    /// The whole store days from the customer sums, where a month of first or previous order at or after the period's
    /// first month counts as "at or after its start"; then the orders of those days whose first or previous order lies
    /// in that month before the start, taken back out; then the partial days at the ends from the orders.
    /// </summary>
    private const string Sql = """
        WITH parts (currency_code, orders, revenue, by_new, revenue_by_new, new_customers, customers) AS (
            SELECT currency_code, sum(orders), sum(revenue), sum(orders) FILTER (WHERE first_month >= date_trunc('month', $1)),
                   sum(revenue) FILTER (WHERE first_month >= date_trunc('month', $1)), sum(first_in_currency) FILTER (WHERE first_month >= date_trunc('month', $1)), 0
            FROM customer_first_day WHERE day >= $3::date AND day < $4::date
            GROUP BY currency_code
            UNION ALL
            SELECT currency_code, 0, 0, 0, 0, 0, sum(orders) FILTER (WHERE previous_month IS NULL OR previous_month < date_trunc('month', $1))
            FROM customer_previous_day WHERE day >= $3::date AND day < $4::date
            GROUP BY currency_code
            UNION ALL
            SELECT currency_code, 0, 0, -count(*), -sum(order_total), -count(*) FILTER (WHERE previous_in_currency IS NULL), 0
            FROM sales_order
            WHERE first_submit >= date_trunc('month', $1) AND first_submit < $1 AND submit_date >= $3 AND submit_date < $4 AND NOT cancelled
            GROUP BY currency_code
            UNION ALL
            SELECT currency_code, 0, 0, 0, 0, 0, count(*)
            FROM sales_order
            WHERE previous_in_currency >= date_trunc('month', $1) AND previous_in_currency < $1 AND submit_date >= $3 AND submit_date < $4 AND NOT cancelled
            GROUP BY currency_code
            UNION ALL
            SELECT currency_code, count(*), sum(order_total), count(*) FILTER (WHERE first_submit >= $1),
                   sum(order_total) FILTER (WHERE first_submit >= $1), count(*) FILTER (WHERE first_submit >= $1 AND previous_in_currency IS NULL),
                   count(*) FILTER (WHERE previous_in_currency IS NULL OR previous_in_currency < $1)
            FROM sales_order
            WHERE submit_date >= $1 AND submit_date < $2 AND (submit_date < $3 OR submit_date >= $4) AND NOT cancelled
            GROUP BY currency_code
        )
        SELECT currency_code, sum(orders)::bigint, coalesce(sum(by_new), 0)::bigint, coalesce(sum(customers), 0)::bigint, coalesce(sum(new_customers), 0)::bigint,
               coalesce(sum(revenue), 0), coalesce(sum(revenue_by_new), 0)
        FROM parts
        WHERE $5::varchar IS NULL OR currency_code = $5
        GROUP BY currency_code
        ORDER BY currency_code
        """;

    public async Task<CustomersReportResponse> RunAsync(ReportPeriod period, string? currency, CancellationToken ct)
    {
        var asOf = await ReportingStore.ReadSyncedAtAsync(store, ct) ?? throw new ReportingStoreNotReadyException();
        await using var command = store.CreateCommand(Sql);
        period.AddStoreParameters(command);
        command.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = currency });

        var totals = new List<CustomerFigures>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var (orders, byNew, customers, newCustomers) = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
            var (revenue, revenueByNew) = (reader.GetDecimal(5), reader.GetDecimal(6));
            totals.Add(new CustomerFigures(reader.IsDBNull(0) ? null : reader.GetString(0), orders, byNew, orders - byNew,
                customers, newCustomers, customers - newCustomers, DeliveryReport.Share(customers - newCustomers, customers),
                revenue, revenueByNew, revenue - revenueByNew,
                customers == 0 ? 0m : Math.Round(revenue / customers, 2, MidpointRounding.AwayFromZero)));
        }

        return new CustomersReportResponse(period.Start, period.End, period.TimeZone.Id, currency, totals, asOf);
    }
}
