using Microsoft.AspNetCore.Mvc;

namespace Reporting.Api.Reports;

/// <summary>The sales report's own parameters: <c>granularity</c>, <c>currency</c>, <c>compare</c> and <c>cumulative</c>.</summary>
public sealed record SalesRequest(
    [FromQuery(Name = "granularity")] string? Granularity,
    [FromQuery(Name = "currency")] string? Currency,
    [FromQuery(Name = "compare")] string? Compare,
    [FromQuery(Name = "cumulative")] string? Cumulative)
{
    public (SalesGranularity Granularity, string? Currency, ReportComparison Compare, bool Cumulative) Validate(Dictionary<string, string[]> errors)
    {
        var granularity = SalesGranularity.Day;
        if (!string.IsNullOrEmpty(Granularity) && !(Enum.TryParse(Granularity, ignoreCase: true, out granularity) && Enum.IsDefined(granularity)
            && !int.TryParse(Granularity, out _)))
        {
            errors["granularity"] = [$"'{Granularity}' is not a granularity: use day, week or month."];
        }

        var currency = ValidateCurrency(Currency, errors);

        var compare = ReportComparisons.Parse(Compare, errors);

        var cumulative = false;
        if (!string.IsNullOrEmpty(Cumulative) && !bool.TryParse(Cumulative, out cumulative))
        {
            errors["cumulative"] = [$"'{Cumulative}' is not true or false."];
        }

        return (granularity, currency, compare, cumulative);
    }

    /// <summary>The optional <c>currency</c> filter: an ISO 4217 code, or null for every currency.</summary>
    public static string? ValidateCurrency(string? currency, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(currency))
        {
            return null;
        }

        if (currency.Length == 3 && currency.All(char.IsAsciiLetterUpper))
        {
            return currency;
        }

        errors["currency"] = [$"'{currency}' is not an ISO 4217 currency code (e.g. USD)."];
        return null;
    }
}
