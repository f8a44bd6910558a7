namespace Reporting.Api.Reports;

/// <summary>
/// A validated request period: whole days <see cref="Start"/>..<see cref="End"/> (inclusive) in the report timezone,
/// turned into the store-local timestamps Broadleaf compares against.
/// </summary>
public sealed record ReportPeriod(DateOnly Start, DateOnly End, TimeZoneInfo TimeZone, DateTime StoreFrom, DateTime StoreTo)
{
    public static ReportPeriod Create(DateOnly start, DateOnly end, TimeZoneInfo reportZone, TimeZoneInfo storeZone) => new(
        start, end, reportZone,
        ToStoreTime(start.ToDateTime(TimeOnly.MinValue), reportZone, storeZone),
        ToStoreTime(end.AddDays(1).ToDateTime(TimeOnly.MinValue), reportZone, storeZone));

    /// <summary>A report-zone local time as the store's local time; a midnight that DST skips counts from the first instant after the gap.</summary>
    public static DateTime ToStoreTime(DateTime reportLocal, TimeZoneInfo reportZone, TimeZoneInfo storeZone)
    {
        var local = DateTime.SpecifyKind(reportLocal, DateTimeKind.Unspecified);
        while (reportZone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        var utc = TimeZoneInfo.ConvertTimeToUtc(local, reportZone);
        return DateTime.SpecifyKind(TimeZoneInfo.ConvertTimeFromUtc(utc, storeZone), DateTimeKind.Unspecified);
    }
}
