using Reporting.Api.Reports;

namespace Reporting.Api.Tests;

public sealed class ProductSumsPlanTests
{
    private static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
    private static readonly DateOnly FirstSale = new(2024, 11, 3);
    private static readonly DateOnly LastSale = new(2026, 10, 30);

    /// <summary>A day's sales: distinct per day so that a day counted twice, or missed, changes the total.</summary>
    private static long Sales(DateOnly day) => day < FirstSale || day > LastSale ? 0 : 1_000 + day.DayNumber % 97;

    /// <summary>What a checkpoint holds: every day's sales before its month.</summary>
    private static long Before(DateOnly month) => Enumerable.Range(0, Math.Max(0, month.DayNumber - FirstSale.DayNumber)).Sum(i => Sales(FirstSale.AddDays(i)));

    private static long Sum(ProductSumsPlan.DayRange range) =>
        range.Sign * Enumerable.Range(0, range.Days).Sum(i => Sales(range.From.AddDays(i)));

    [Theory]
    [InlineData("2024-11-01", "2026-10-31", "America/Chicago")]
    [InlineData("2024-10-16", "2026-10-15", "Europe/Paris")]
    [InlineData("2025-02-10", "2026-03-20", "Asia/Tokyo")]
    [InlineData("2026-08-03", "2026-10-31", "America/Chicago")]
    [InlineData("2025-05-16", "2025-07-16", "America/Chicago")]
    [InlineData("2023-01-01", "2024-12-31", "America/Chicago")] // starts long before the first checkpoint
    [InlineData("2026-10-20", "2027-01-15", "America/Chicago")] // ends after the last checkpoint
    [InlineData("2025-03-01", "2025-03-05", "Pacific/Kiritimati")]
    public void ThePlanSumsExactlyTheWholeStoreDaysOfThePeriod(string start, string end, string zone)
    {
        var period = ReportPeriod.Create(DateOnly.Parse(start), DateOnly.Parse(end), TimeZoneInfo.FindSystemTimeZoneById(zone), Chicago);
        var (d1, d2) = (DateOnly.FromDateTime(period.StoreDaysFrom), DateOnly.FromDateTime(period.StoreDaysTo));
        var expected = Enumerable.Range(0, Math.Max(0, d2.DayNumber - d1.DayNumber)).Sum(i => Sales(d1.AddDays(i)));

        var plan = ProductSumsPlan.For(period, (new DateOnly(2024, 11, 1), new DateOnly(2026, 11, 1)));

        var total = (plan.Added is { } added ? Before(added) : 0) - (plan.Subtracted is { } subtracted ? Before(subtracted) : 0)
            + Sum(plan.First) + Sum(plan.Second);
        Assert.Equal(expected, total);
    }

    [Fact]
    public void ALongPeriodReadsTwoCheckpointsAndFewDays()
    {
        var period = ReportPeriod.Create(new DateOnly(2024, 10, 16), new DateOnly(2026, 10, 15), Chicago, Chicago);

        var plan = ProductSumsPlan.For(period, (new DateOnly(2024, 11, 1), new DateOnly(2026, 11, 1)));

        Assert.Equal((new DateOnly(2026, 10, 1), new DateOnly(2024, 11, 1)), (plan.Added, plan.Subtracted));
        Assert.True(plan.First.Days + plan.Second.Days <= 31);
    }

    [Fact]
    public void AShortPeriodOrAStoreWithoutCheckpointsReadsEveryDay()
    {
        var month = ReportPeriod.Create(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), Chicago, Chicago);
        var year = ReportPeriod.Create(new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), Chicago, Chicago);

        Assert.Null(ProductSumsPlan.For(month, (new DateOnly(2024, 11, 1), new DateOnly(2026, 11, 1))).Added);
        Assert.Equal(new ProductSumsPlan.DayRange(new DateOnly(2025, 1, 1), new DateOnly(2026, 1, 1), 1), ProductSumsPlan.For(year, null).First);
    }
}
