namespace Reporting.Api.Reports;

/// <summary>What a report compares the period with (<c>compare=</c>).</summary>
public enum ReportComparison
{
    None,

    /// <summary>The same number of days just before (<c>previous_period</c>, or <c>true</c> as the sales report took it first).</summary>
    PreviousPeriod,

    /// <summary>
    /// The same period a year earlier (<c>previous_year</c>): for a day or week series 364 days earlier, so that Monday is
    /// compared with Monday (52 weeks); otherwise the same calendar dates (a month's last day stays its last day: February 2025 against 1–29 February 2024).
    /// </summary>
    PreviousYear,
}

public static class ReportComparisons
{
    /// <summary>The optional <c>compare</c> parameter; a value that is not a comparison adds its problem and reads as none.</summary>
    public static ReportComparison Parse(string? compare, Dictionary<string, string[]> errors)
    {
        switch (compare?.ToLowerInvariant())
        {
            case null or "" or "false":
                return ReportComparison.None;
            case "previous_period" or "true":
                return ReportComparison.PreviousPeriod;
            case "previous_year":
                return ReportComparison.PreviousYear;
            default:
                errors["compare"] = [$"'{compare}' is not a comparison: use previous_period or previous_year."];
                return ReportComparison.None;
        }
    }

    /// <summary>The value as the API writes it: <c>previous_period</c>, <c>previous_year</c>, or null.</summary>
    public static string? ToParameter(this ReportComparison comparison) => comparison switch
    {
        ReportComparison.PreviousPeriod => "previous_period",
        ReportComparison.PreviousYear => "previous_year",
        _ => null,
    };
}

/// <summary>A figure against the compared period: the difference, and the percent change (none when the base is zero).</summary>
public sealed record FigureChange(decimal Current, decimal Previous, decimal Absolute, decimal? Percent)
{
    public static FigureChange Of(decimal current, decimal previous) =>
        new(current, previous, current - previous, previous == 0 ? null : Math.Round((current - previous) / previous * 100, 2, MidpointRounding.AwayFromZero));
}

/// <summary>Every sales figure of one currency against the compared period.</summary>
public sealed record SalesChange(
    string? Currency, FigureChange Orders, FigureChange Revenue, FigureChange Subtotal, FigureChange Tax, FigureChange Shipping,
    FigureChange Discounts, FigureChange AverageOrderValue, FigureChange CancelledOrders, FigureChange CancelledTotal)
{
    public static SalesChange Of(string? currency, SalesFigures? current, SalesFigures? previous)
    {
        var (c, p) = (current ?? SalesFigures.Zero(currency), previous ?? SalesFigures.Zero(currency));
        return new(currency, FigureChange.Of(c.Orders, p.Orders), FigureChange.Of(c.Revenue, p.Revenue), FigureChange.Of(c.Subtotal, p.Subtotal),
            FigureChange.Of(c.Tax, p.Tax), FigureChange.Of(c.Shipping, p.Shipping), FigureChange.Of(c.Discounts, p.Discounts),
            FigureChange.Of(c.AverageOrderValue, p.AverageOrderValue), FigureChange.Of(c.CancelledOrders, p.CancelledOrders),
            FigureChange.Of(c.CancelledTotal, p.CancelledTotal));
    }
}
