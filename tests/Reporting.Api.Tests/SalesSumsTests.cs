using Reporting.Api.Reports;

namespace Reporting.Api.Tests;

public sealed class SalesSumsTests
{
    private static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");

    [Theory]
    [InlineData("America/Chicago", "2024-11-01", "2026-10-31", SalesGranularity.Day, "sales_hour")]
    [InlineData("Europe/Paris", "2024-10-16", "2026-10-15", SalesGranularity.Day, "sales_hour")] // both zones' DST changes included
    [InlineData("Asia/Kolkata", "2025-01-01", "2025-01-31", SalesGranularity.Month, "sales_quarter_hour")] // +05:30: the bounds are on half hours
    [InlineData("Asia/Kathmandu", "2025-01-06", "2025-01-12", SalesGranularity.Week, "sales_quarter_hour")]
    // Havana skips from midnight to 01:00 on 9 March 2025: that day counts from 01:00, a whole hour.
    [InlineData("America/Havana", "2025-03-01", "2025-03-31", SalesGranularity.Day, "sales_hour")]
    public void HourSumsAreReadWhenEveryBucketStartsOnAWholeStoreHour(string zone, string start, string end, SalesGranularity granularity, string sums)
    {
        var period = ReportPeriod.Create(DateOnly.Parse(start), DateOnly.Parse(end), TimeZoneInfo.FindSystemTimeZoneById(zone), Chicago);

        Assert.Equal(sums, SalesReport.SumsOf(period, granularity));
    }
}
