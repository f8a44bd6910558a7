using Microsoft.AspNetCore.Mvc;
using ServiceDefaults.Http;

namespace Reporting.Api.Reports;

/// <summary>
/// The trailing window the inventory reports measure sales over: <c>days</c> (default 30) days ending with
/// <c>endDate</c> (default today) in the report <c>timezone</c>; today counts up to now.
/// </summary>
public sealed record SalesWindowRequest(
    [FromQuery(Name = "days")] QueryValue<int>? Days,
    [FromQuery(Name = "endDate")] string? EndDate,
    [FromQuery(Name = "timezone")] string? Timezone)
{
    public const int DefaultDays = 30;

    public ReportPeriod? Validate(ReportingOptions options, TimeProvider clock, Dictionary<string, string[]> errors)
    {
        var days = Days.Read("days", errors, fallback: DefaultDays, min: 1, max: options.MaxRangeDays);
        var zone = ReportPeriodRequest.FindZone(Timezone ?? options.DefaultTimeZone, errors);
        var end = EndDate is null ? null : ReportPeriodRequest.ParseDate(EndDate, "endDate", errors);
        if (errors.Count > 0 || zone is null || days is null)
        {
            return null;
        }

        var last = end ?? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
        return ReportPeriod.Create(last.AddDays(1 - days.Value), last, zone, TimeZoneInfo.FindSystemTimeZoneById(options.StoreTimeZone));
    }
}
