using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Reporting.Api.Reports;
using ServiceDefaults.Http;

namespace Reporting.Api.Apis;

public static class ReportsApi
{
    public const string InvalidParameters = "The report parameters are not valid.";

    public static RouteGroupBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/reports")
            .WithTags("Reports")
            .RequireAuthorization(ReportingAuthorization.AdminPolicy)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        reports.MapGet("/orders/status", GetOrderStatusAsync)
            .WithName("GetOrderStatusReport")
            .WithSummary("Orders and amounts per order status and currency")
            .WithDescription("Orders whose submit time (or, before checkout, creation time) falls in the period, per order_status and currency; with compare=previous_period|previous_year, each row's change against that period.");

        reports.MapGet("/sales", GetSalesAsync)
            .WithName("GetSalesReport")
            .WithSummary("Sales totals and time series per currency")
            .WithDescription("Orders submitted in the period that are not CANCELLED: orders, revenue (order_total), subtotal, tax, shipping, discounts and average order value per currency, in day, week or month buckets of the report timezone; cancelled orders counted apart; with compare=previous_period|previous_year the compared period and each figure's change; with cumulative=true running totals in the series.");

        reports.MapGet("/sales/top-products", GetTopProductsAsync)
            .WithName("GetTopProductsReport")
            .WithSummary("Units and revenue per SKU and currency")
            .WithDescription("Over the orders submitted in the period that are not CANCELLED: units, item revenue (price after item adjustments × quantity) and orders per SKU and currency, paged and sortable (revenue first by default); with compare=previous_period|previous_year each row's change against the same SKU then; text/csv on request.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv");

        reports.MapGet("/campaigns", GetCampaignsAsync)
            .WithName("GetCampaignReport")
            .WithSummary("Redemptions, customers, code usage, discounts and revenue per offer")
            .WithDescription("Per offer: its terms and active window, redemptions in the period (audit rows whose order is not CANCELLED, as Broadleaf counts uses), distinct customers, redemption rate (redemptions / orders submitted in the period that are not CANCELLED), per-code uses against max_uses, and per currency the discounts it made and the revenue of the orders that used it; with compare=previous_period|previous_year each offer's change against that period.");

        reports.MapGet("/customers", GetCustomersAsync)
            .WithName("GetCustomersReport")
            .WithSummary("New and returning customers per currency")
            .WithDescription("Over the orders submitted in the period that are not CANCELLED, per currency: orders, customers and revenue of new customers (whose first such order over the whole history is in the period) and of returning ones, the returning-customer rate and revenue per customer.");

        reports.MapGet("/delivery", GetDeliveryAsync)
            .WithName("GetDeliveryReport")
            .WithSummary("Fulfillment groups per status and per fulfillment type")
            .WithDescription("Fulfillment groups of the orders submitted in the period, per status (NOT_YET_FULFILLED where no OMS set one) and per type, with fulfilled and delivered shares.");

        reports.MapGet("/inventory", GetInventoryAsync)
            .WithName("GetInventoryReport")
            .WithSummary("Current stock per SKU")
            .WithDescription("Every SKU of a non-archived product with its effective name, prices and inventory type (falling back to the default SKU, then the category), and its cover: units sold in the sales window (days, default 30, ending with endDate, default today), daily sell rate, days of cover and sell-through rate; paged, filterable and sortable; text/csv on request.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv");

        reports.MapGet("/inventory/low-stock", GetLowStockAsync)
            .WithName("GetLowStockReport")
            .WithSummary("SKUs at or below a stock threshold")
            .WithDescription("SKUs whose effective inventory type is CHECK_QUANTITY and whose quantity is at or below the threshold, lowest first or by days of cover (sort=daysOfCover), with the inventory report's cover; text/csv on request.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv");

        return reports;
    }

    public static Task<Results<Ok<OrderStatusReportResponse>, ValidationProblem>> GetOrderStatusAsync(
        [AsParameters] ReportPeriodRequest request, string? compare, OrderStatusReport report, IOptions<ReportingOptions> options, CancellationToken ct) =>
        PeriodReportAsync(request, compare, options.Value, (period, comparison) => report.RunAsync(period, comparison, ct));

    public static async Task<Results<Ok<SalesReportResponse>, ValidationProblem>> GetSalesAsync(
        [AsParameters] ReportPeriodRequest request, [AsParameters] SalesRequest sales, SalesReport report, IOptions<ReportingOptions> options,
        CancellationToken ct)
    {
        var (period, errors) = request.Validate(options.Value);
        var (granularity, currency, compare, cumulative) = sales.Validate(errors);
        return period is null || errors.Count > 0
            ? TypedResults.ValidationProblem(errors, title: InvalidParameters)
            : TypedResults.Ok(await report.RunAsync(period, granularity, currency, compare, cumulative, ct));
    }

    public static async Task<Results<Ok<TopProductsResponse>, CsvResult<TopProductRow>, ValidationProblem>> GetTopProductsAsync(
        [AsParameters] ReportPeriodRequest request, [AsParameters] PageRequest paging, string? currency, string? compare, TopProductsReport report,
        IOptions<ReportingOptions> options, HttpRequest http, CancellationToken ct)
    {
        var (period, errors) = request.Validate(options.Value);
        var page = paging.Validate(TopProductsReport.Sortable, "-revenue", errors);
        var validCurrency = SalesRequest.ValidateCurrency(currency, errors);
        var comparison = ReportComparisons.Parse(compare, errors);
        if (period is null || page is null || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: InvalidParameters);
        }

        var rows = await report.RunAsync(period, validCurrency, page, comparison, ct);
        return http.PrefersCsv() ? new CsvResult<TopProductRow>(rows.Items) : TypedResults.Ok(rows);
    }

    public static Task<Results<Ok<CampaignReportResponse>, ValidationProblem>> GetCampaignsAsync(
        [AsParameters] ReportPeriodRequest request, QueryValue<long>? campaignId, string? compare, CampaignReport report, IOptions<ReportingOptions> options,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var campaign = campaignId.Read("campaignId", errors);
        return PeriodReportAsync(request, compare, options.Value, (period, comparison) => report.RunAsync(period, campaign, comparison, ct), errors);
    }

    public static async Task<Results<Ok<CustomersReportResponse>, ValidationProblem>> GetCustomersAsync(
        [AsParameters] ReportPeriodRequest request, string? currency, CustomersReport report, IOptions<ReportingOptions> options, CancellationToken ct)
    {
        var (period, errors) = request.Validate(options.Value);
        var validCurrency = SalesRequest.ValidateCurrency(currency, errors);
        return period is null || errors.Count > 0
            ? TypedResults.ValidationProblem(errors, title: InvalidParameters)
            : TypedResults.Ok(await report.RunAsync(period, validCurrency, ct));
    }

    public static Task<Results<Ok<DeliveryReportResponse>, ValidationProblem>> GetDeliveryAsync(
        [AsParameters] ReportPeriodRequest request, DeliveryReport report, IOptions<ReportingOptions> options, CancellationToken ct) =>
        PeriodReportAsync(request, compare: null, options.Value, (period, _) => report.RunAsync(period, ct));

    public static Task<Results<Ok<ListResponse<InventoryRow>>, CsvResult<InventoryRow>, ValidationProblem>> GetInventoryAsync(
        [AsParameters] PageRequest paging, [AsParameters] SalesWindowRequest window, string? inventoryType, QueryValue<long>? categoryId,
        QueryValue<long>? productId, InventoryReport report, IOptions<ReportingOptions> options, TimeProvider clock, HttpRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var filter = new InventoryFilter(inventoryType, categoryId.Read("categoryId", errors), productId.Read("productId", errors), LowStockThreshold: null);
        return ListInventoryAsync(paging, window, "skuId", filter, errors, report, options.Value, clock, request, ct);
    }

    public static Task<Results<Ok<ListResponse<InventoryRow>>, CsvResult<InventoryRow>, ValidationProblem>> GetLowStockAsync(
        [AsParameters] PageRequest paging, [AsParameters] SalesWindowRequest window, QueryValue<int>? threshold, QueryValue<long>? categoryId,
        InventoryReport report, IOptions<ReportingOptions> options, TimeProvider clock, HttpRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var filter = new InventoryFilter("CHECK_QUANTITY", categoryId.Read("categoryId", errors), null,
            threshold.Read("threshold", errors, fallback: options.Value.LowStockThreshold, min: 0));
        return ListInventoryAsync(paging, window, "quantity", filter, errors, report, options.Value, clock, request, ct);
    }

    private static async Task<Results<Ok<ListResponse<InventoryRow>>, CsvResult<InventoryRow>, ValidationProblem>> ListInventoryAsync(
        PageRequest paging, SalesWindowRequest windowRequest, string defaultSort, InventoryFilter filter, Dictionary<string, string[]> errors,
        InventoryReport report, ReportingOptions options, TimeProvider clock, HttpRequest request, CancellationToken ct)
    {
        var page = paging.Validate(InventoryReport.Sortable, defaultSort, errors);
        var window = windowRequest.Validate(options, clock, errors);
        if (page is null || window is null || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: InvalidParameters);
        }

        var rows = await report.RunAsync(filter, page, window, ct);
        return request.PrefersCsv() ? new CsvResult<InventoryRow>(rows.Items) : TypedResults.Ok(rows);
    }

    /// <summary>
    /// A report over a period, optionally compared: its parameters validated (400 naming each bad one, with the
    /// <paramref name="problems"/> its other parameters had), then run.
    /// </summary>
    private static async Task<Results<Ok<T>, ValidationProblem>> PeriodReportAsync<T>(
        ReportPeriodRequest request, string? compare, ReportingOptions options, Func<ReportPeriod, ReportComparison, Task<T>> run,
        Dictionary<string, string[]>? problems = null)
    {
        var (period, errors) = request.Validate(options);
        foreach (var (name, problem) in problems ?? [])
        {
            errors[name] = problem;
        }

        var comparison = ReportComparisons.Parse(compare, errors);
        return period is null || errors.Count > 0
            ? TypedResults.ValidationProblem(errors, title: InvalidParameters)
            : TypedResults.Ok(await run(period, comparison));
    }
}
