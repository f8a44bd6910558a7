namespace Reporting.Api.Reports;

/// <summary>
/// How the top-products query sums a period's whole store days [d1, d2): either the day sums of every day, or, over a
/// long period, the month checkpoint nearest d2 minus the one nearest d1 (each the running sums before that month),
/// corrected by the day sums between each end and its checkpoint, added or subtracted. Both give exactly the day sums'
/// total; the checkpoints read two rows per SKU instead of one per SKU and day sold.
/// </summary>
/// <param name="Added">The checkpoint whose sums are added; null for none.</param>
/// <param name="Subtracted">The checkpoint whose sums are subtracted; null for none.</param>
public sealed record ProductSumsPlan(DateOnly? Added, DateOnly? Subtracted, ProductSumsPlan.DayRange First, ProductSumsPlan.DayRange Second)
{
    /// <summary>Day sums of [From, To), times Sign (1 or −1).</summary>
    public sealed record DayRange(DateOnly From, DateOnly To, int Sign)
    {
        public static readonly DayRange None = new(default, default, 1);

        public int Days => Math.Max(0, To.DayNumber - From.DayNumber);
    }

    /// <summary>
    /// Below this many days (beyond the ends' corrections) reading every day is cheaper than two checkpoints: a
    /// checkpoint holds a row per SKU ever sold, about as many as a month of daily rows when most of the catalog sells.
    /// </summary>
    public const int CheckpointWorthDays = 62;

    /// <param name="checkpoints">The first and last checkpoints in the store (every month between exists); null when none.</param>
    public static ProductSumsPlan For(ReportPeriod period, (DateOnly First, DateOnly Last)? checkpoints)
    {
        var (d1, d2) = (DateOnly.FromDateTime(period.StoreDaysFrom), DateOnly.FromDateTime(period.StoreDaysTo));
        if (d1 >= d2)
        {
            return new(null, null, DayRange.None, DayRange.None);
        }

        var everyDay = new ProductSumsPlan(null, null, new DayRange(d1, d2, 1), DayRange.None);
        if (checkpoints is null)
        {
            return everyDay;
        }

        var (first, last) = checkpoints.Value;
        var (m1, m2) = (Nearest(d1, first, last), Nearest(d2, first, last));
        // P(d) = P(m) + S[m, d) when m ≤ d, P(m) − S[d, m) otherwise; the period is P(d2) − P(d1).
        var start = m1 <= d1 ? new DayRange(m1, d1, -1) : new DayRange(d1, m1, 1);
        var end = m2 <= d2 ? new DayRange(m2, d2, 1) : new DayRange(d2, m2, -1);
        if (d2.DayNumber - d1.DayNumber - start.Days - end.Days <= CheckpointWorthDays)
        {
            return everyDay;
        }

        return new(m2, m1, start, end);
    }

    /// <summary>The month start nearest the day, within the checkpoints there are.</summary>
    private static DateOnly Nearest(DateOnly day, DateOnly first, DateOnly last)
    {
        var floor = new DateOnly(day.Year, day.Month, 1);
        var ceiling = floor == day ? day : floor.AddMonths(1);
        var nearest = day.DayNumber - floor.DayNumber <= ceiling.DayNumber - day.DayNumber ? floor : ceiling;
        return nearest < first ? first : nearest > last ? last : nearest;
    }
}
