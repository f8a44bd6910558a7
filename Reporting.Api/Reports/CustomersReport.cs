using Microsoft.Extensions.Options;
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
/// is counted once, at their first order of the period, without a distinct count over the period's orders.
/// </summary>
public sealed class CustomersReport([FromKeyedServices(ReportingStore.Name)] NpgsqlDataSource store, IOptions<ReportingOptions> options)
{
    private const string Sql = """
        SELECT currency_code,
               count(*),
               count(*) FILTER (WHERE first_submit >= $1),
               count(*) FILTER (WHERE previous_in_currency IS NULL OR previous_in_currency < $1),
               count(*) FILTER (WHERE (previous_in_currency IS NULL OR previous_in_currency < $1) AND first_submit >= $1),
               coalesce(sum(order_total), 0),
               coalesce(sum(order_total) FILTER (WHERE first_submit >= $1), 0)
        FROM sales_order
        WHERE submit_date >= $1 AND submit_date < $2 AND NOT cancelled AND ($5::varchar IS NULL OR currency_code = $5)
        GROUP BY currency_code
        ORDER BY currency_code
        """;

    public async Task<CustomersReportResponse> RunAsync(ReportPeriod period, string? currency, CancellationToken ct)
    {
        var asOf = await ReportingStore.ReadSyncedAtAsync(store, ct) ?? throw new ReportingStoreNotReadyException();
        await using var command = store.CreateCommand(Sql);
        command.CommandTimeout = options.Value.QueryTimeoutSeconds;
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
