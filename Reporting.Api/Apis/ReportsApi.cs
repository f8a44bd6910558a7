using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Reporting.Api.Reports;

namespace Reporting.Api.Apis;

public static class ReportsApi
{
    public static RouteGroupBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/reports")
            .WithTags("Reports")
            .RequireAuthorization(ReportingAuthorization.AdminPolicy);

        reports.MapGet("/orders/status", GetOrderStatusAsync)
            .WithName("GetOrderStatusReport")
            .WithSummary("Orders and amounts per order status and currency")
            .WithDescription("Orders whose submit time (or, before checkout, creation time) falls in the period, per order_status and currency.");

        return reports;
    }

    public static async Task<Results<Ok<OrderStatusReportResponse>, ValidationProblem>> GetOrderStatusAsync(
        [AsParameters] ReportPeriodRequest request, OrderStatusReport report, IOptions<ReportingOptions> options, CancellationToken ct)
    {
        var (period, errors) = request.Validate(options.Value);
        if (period is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The report parameters are not valid.");
        }

        return TypedResults.Ok(await report.RunAsync(period, ct));
    }
}
