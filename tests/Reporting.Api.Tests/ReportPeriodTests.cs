using Reporting.Api.Reports;

namespace Reporting.Api.Tests;

public sealed class ReportPeriodTests
{
    private static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static ReportPeriod Period(string start, string end, TimeZoneInfo? zone = null) =>
        ReportPeriod.Create(DateOnly.Parse(start), DateOnly.Parse(end), zone ?? Chicago, Chicago);

    [Theory]
    [InlineData("2026-03-01", "2026-03-31", "2026-01-29", "2026-02-28")] // 31 days just before
    [InlineData("2025-03-01", "2025-03-01", "2025-02-28", "2025-02-28")]
    [InlineData("2024-03-01", "2024-03-07", "2024-02-23", "2024-02-29")] // across a leap day
    public void ThePreviousPeriodIsTheSameNumberOfDaysJustBefore(string start, string end, string previousStart, string previousEnd)
    {
        var previous = Period(start, end).ComparedWith(ReportComparison.PreviousPeriod)!;

        Assert.Equal((DateOnly.Parse(previousStart), DateOnly.Parse(previousEnd)), (previous.Start, previous.End));
    }

    [Theory]
    [InlineData("2025-02-01", "2025-02-28", "2024-02-01", "2024-02-29")] // February against the whole leap February
    [InlineData("2028-02-01", "2028-02-29", "2027-02-01", "2027-02-28")]
    [InlineData("2028-02-29", "2028-02-29", "2027-02-28", "2027-02-28")] // a leap day against the last day of February
    [InlineData("2026-01-01", "2026-06-30", "2025-01-01", "2025-06-30")]
    [InlineData("2026-03-10", "2026-03-20", "2025-03-10", "2025-03-20")]
    public void AYearEarlierIsTheSameCalendarDatesWithMonthEndsKept(string start, string end, string previousStart, string previousEnd)
    {
        var previous = Period(start, end).ComparedWith(ReportComparison.PreviousYear)!;

        Assert.Equal((DateOnly.Parse(previousStart), DateOnly.Parse(previousEnd)), (previous.Start, previous.End));
    }

    [Theory]
    [InlineData("2026-03-02", "2026-03-08")]
    [InlineData("2028-03-01", "2028-03-31")] // 364 days back across the leap day: 3 March - 2 April 2027
    public void AYearEarlierByWeekdayIs52WeeksEarlierMondayAgainstMonday(string start, string end)
    {
        var period = Period(start, end);

        var previous = period.ComparedWith(ReportComparison.PreviousYear, byWeekday: true)!;

        Assert.Equal((period.Start.AddDays(-364), period.End.AddDays(-364)), (previous.Start, previous.End));
        Assert.Equal(period.Start.DayOfWeek, previous.Start.DayOfWeek);
        Assert.Equal(period.TimeZone, previous.TimeZone);
    }

    [Fact]
    public void NoComparisonHasNoComparedPeriod() => Assert.Null(Period("2026-03-01", "2026-03-31").ComparedWith(ReportComparison.None));

    [Fact]
    public void InTheStoresZoneThePeriodIsWholeStoreDays()
    {
        var period = Period("2026-03-01", "2026-03-31");

        Assert.Equal((new DateTime(2026, 3, 1), new DateTime(2026, 4, 1)), (period.StoreFrom, period.StoreTo));
        Assert.Equal((period.StoreFrom, period.StoreTo), (period.StoreDaysFrom, period.StoreDaysTo));
    }

    [Fact]
    public void InAnotherZoneTheWholeStoreDaysAreInsideAndTheEndsArePartialDays()
    {
        // Paris midnight is 17:00 the day before in Chicago (16:00 in the weeks their DST changes differ).
        var period = Period("2026-03-02", "2026-03-06", Paris);

        Assert.Equal((new DateTime(2026, 3, 1, 17, 0, 0), new DateTime(2026, 3, 6, 17, 0, 0)), (period.StoreFrom, period.StoreTo));
        Assert.Equal((new DateTime(2026, 3, 2), new DateTime(2026, 3, 6)), (period.StoreDaysFrom, period.StoreDaysTo));
    }

    [Fact]
    public void ADayOfAnotherZoneCanHoldNoWholeStoreDay()
    {
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

        // A Tokyo day in January runs from 09:00 one Chicago day to 09:00 the next: two partial store days.
        var period = Period("2026-01-15", "2026-01-15", tokyo);

        Assert.Equal((new DateTime(2026, 1, 14, 9, 0, 0), new DateTime(2026, 1, 15, 9, 0, 0)), (period.StoreFrom, period.StoreTo));
        Assert.Equal(new DateTime(2026, 1, 15), period.StoreDaysFrom);
        Assert.Equal(period.StoreDaysFrom, period.StoreDaysTo);
    }
}
