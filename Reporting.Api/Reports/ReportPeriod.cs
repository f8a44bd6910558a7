using Npgsql;

namespace Reporting.Api.Reports;

/// <summary>
/// A validated request period: whole days <see cref="Start"/>..<see cref="End"/> (inclusive) in the report timezone,
/// turned into the store-local timestamps Broadleaf compares against.
/// </summary>
public sealed record ReportPeriod(DateOnly Start, DateOnly End, TimeZoneInfo TimeZone, TimeZoneInfo StoreZone, DateTime StoreFrom, DateTime StoreTo)
{
    public static ReportPeriod Create(DateOnly start, DateOnly end, TimeZoneInfo reportZone, TimeZoneInfo storeZone) => new(
        start, end, reportZone, storeZone,
        ToStoreTime(start.ToDateTime(TimeOnly.MinValue), reportZone, storeZone),
        ToStoreTime(end.AddDays(1).ToDateTime(TimeOnly.MinValue), reportZone, storeZone));

    /// <summary>The period compared with, in the same timezone (see <see cref="ReportComparison"/>); none when not comparing.</summary>
    /// <param name="byWeekday">Whether a year earlier keeps the weekdays (364 days): for day and week series.</param>
    public ReportPeriod? ComparedWith(ReportComparison comparison, bool byWeekday = false) => comparison switch
    {
        ReportComparison.PreviousPeriod => Create(Start.AddDays(Start.DayNumber - End.DayNumber - 1), Start.AddDays(-1), TimeZone, StoreZone),
        ReportComparison.PreviousYear when byWeekday => Create(Start.AddDays(-364), End.AddDays(-364), TimeZone, StoreZone),
        ReportComparison.PreviousYear => Create(Start.AddYears(-1), YearBefore(End), TimeZone, StoreZone),
        _ => null,
    };

    /// <summary>The same date a year earlier; a month's last day stays its month's last day, so February 2025 is compared with 1–29 February 2024.</summary>
    private static DateOnly YearBefore(DateOnly day) =>
        day.AddDays(1).Day == 1 ? new DateOnly(day.Year - 1, day.Month, DateTime.DaysInMonth(day.Year - 1, day.Month)) : day.AddYears(-1);

    /// <summary>The first store-local midnight at or after <see cref="StoreFrom"/>: whole store days start here.</summary>
    public DateTime StoreDaysFrom => StoreFrom.TimeOfDay == TimeSpan.Zero ? StoreFrom : StoreFrom.Date.AddDays(1);

    /// <summary>The last store-local midnight at or before <see cref="StoreTo"/>: whole store days end here.</summary>
    public DateTime StoreDaysTo => StoreTo.Date;

    /// <summary>
    /// The period as the store's queries take it: $1/$2 its store-local bounds, $3/$4 the whole store days within it.
    /// A query reads the day sums of <c>day &gt;= $3 AND day &lt; $4</c> and the facts of
    /// <c>at &gt;= $1 AND at &lt; $2 AND (at &lt; $3 OR at &gt;= $4)</c>: the partial days at both ends, or the whole
    /// period when it lies within one store day ($3 &gt; $4).
    /// </summary>
    public void AddStoreParameters(NpgsqlCommand command)
    {
        foreach (var bound in (DateTime[])[StoreFrom, StoreTo, StoreDaysFrom, StoreDaysTo])
        {
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = bound });
        }
    }

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
