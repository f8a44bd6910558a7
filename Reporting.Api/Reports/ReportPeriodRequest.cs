using Microsoft.AspNetCore.Mvc;
using System.Globalization;

namespace Reporting.Api.Reports;

/// <summary>The <c>startDate</c>, <c>endDate</c> and <c>timezone</c> query parameters every report takes.</summary>
public sealed record ReportPeriodRequest(
    [FromQuery(Name = "startDate")] string? StartDate,
    [FromQuery(Name = "endDate")] string? EndDate,
    [FromQuery(Name = "timezone")] string? Timezone)
{
    /// <returns>The period, or the problems keyed by parameter name.</returns>
    public (ReportPeriod? Period, Dictionary<string, string[]> Errors) Validate(ReportingOptions options)
    {
        var errors = new Dictionary<string, string[]>();
        var start = ParseDate(StartDate, "startDate", errors);
        var end = ParseDate(EndDate, "endDate", errors);
        var zone = FindZone(Timezone ?? options.DefaultTimeZone, errors);

        if (start is { } s && end is { } e)
        {
            if (s > e)
            {
                errors["startDate"] = [$"startDate {s:yyyy-MM-dd} is after endDate {e:yyyy-MM-dd}."];
            }
            else if (e.DayNumber - s.DayNumber + 1 > options.MaxRangeDays)
            {
                errors["endDate"] = [$"The range covers {e.DayNumber - s.DayNumber + 1} days; at most {options.MaxRangeDays} are allowed."];
            }
        }

        return errors.Count > 0 || start is null || end is null || zone is null
            ? (null, errors)
            : (ReportPeriod.Create(start.Value, end.Value, zone, TimeZoneInfo.FindSystemTimeZoneById(options.StoreTimeZone)), errors);
    }

    public static DateOnly? ParseDate(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[name] = [$"{name} is required (ISO 8601 date, e.g. 2026-01-31)."];
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors[name] = [$"'{value}' is not an ISO 8601 date (yyyy-MM-dd)."];
        return null;
    }

    public static TimeZoneInfo? FindZone(string id, Dictionary<string, string[]> errors)
    {
        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId)
        {
            return zone;
        }

        errors["timezone"] = [$"'{id}' is not an IANA timezone (e.g. Europe/Paris)."];
        return null;
    }
}
