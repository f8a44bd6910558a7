using Microsoft.AspNetCore.Mvc;

namespace Reporting.Api.Reports;

/// <summary>The sales report's own parameters: <c>granularity</c>, <c>currency</c> and <c>compare</c>.</summary>
public sealed record SalesRequest(
    [FromQuery(Name = "granularity")] string? Granularity,
    [FromQuery(Name = "currency")] string? Currency,
    [FromQuery(Name = "compare")] string? Compare)
{
    public (SalesGranularity Granularity, string? Currency, bool Compare) Validate(Dictionary<string, string[]> errors)
    {
        var granularity = SalesGranularity.Day;
        if (!string.IsNullOrEmpty(Granularity) && !(Enum.TryParse(Granularity, ignoreCase: true, out granularity) && Enum.IsDefined(granularity)
            && !int.TryParse(Granularity, out _)))
        {
            errors["granularity"] = [$"'{Granularity}' is not a granularity: use day, week or month."];
        }

        if (Currency is { Length: > 0 } c && !(c.Length == 3 && c.All(char.IsAsciiLetterUpper)))
        {
            errors["currency"] = [$"'{Currency}' is not an ISO 4217 currency code (e.g. USD)."];
        }

        var compare = false;
        if (!string.IsNullOrEmpty(Compare) && !bool.TryParse(Compare, out compare))
        {
            errors["compare"] = [$"'{Compare}' is not true or false."];
        }

        return (granularity, string.IsNullOrEmpty(Currency) ? null : Currency, compare);
    }
}
