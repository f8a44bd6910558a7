namespace Search.Api.Merchandising;

/// <summary>A search redirect (Broadleaf's <c>blc_search_intercept</c>): a query equal to the term goes to the URL instead.</summary>
/// <param name="ActiveFrom">Broadleaf's local time; a redirect without a start is not active (Broadleaf's default).</param>
public sealed record SearchRedirect(string Term, string Url, int Priority, DateTime? ActiveFrom, DateTime? ActiveUntil);

/// <summary>
/// The merchant's search rules as Broadleaf keeps them: synonym groups (<c>blc_search_synonym</c>: a term and its
/// synonyms, each word finding the others) and redirects. Broadleaf's times are local without zone:
/// <see cref="StoreClockOffset"/> is how far the replica's clock (<c>LOCALTIMESTAMP</c>) was from UTC when read.
/// </summary>
public sealed record SearchMerchandising(IReadOnlyList<IReadOnlyList<string>> Synonyms, IReadOnlyList<SearchRedirect> Redirects, TimeSpan StoreClockOffset)
{
    public static readonly SearchMerchandising None = new([], [], TimeSpan.Zero);

    /// <summary>The synonym groups one of the query's words belongs to (lowercase words; multi-word members are phrases).</summary>
    public IReadOnlyList<IReadOnlyList<string>> SynonymsFor(string text)
    {
        if (Synonyms.Count == 0 || string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        return [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(word => GroupOf(word, Synonyms)).OfType<IReadOnlyList<string>>().Distinct()];
    }

    /// <summary>As Broadleaf finds it: the term equal to the whole query (case aside), active now, lowest priority first.</summary>
    public SearchRedirect? RedirectFor(string text, DateTimeOffset utcNow)
    {
        var now = utcNow.UtcDateTime + StoreClockOffset;
        var term = text.Trim();
        return Redirects
            .Where(r => string.Equals(r.Term, term, StringComparison.OrdinalIgnoreCase) && r.ActiveFrom <= now && (r.ActiveUntil is null || r.ActiveUntil > now))
            .OrderBy(r => r.Priority)
            .FirstOrDefault();
    }

    /// <summary>
    /// The group a query word belongs to: compared lowercase, without the punctuation around it, and as a plural of a
    /// group's word too (<c>sweatshirts</c>, <c>chillies</c>), since groups hold words as merchants write them.
    /// </summary>
    public static IReadOnlyList<string>? GroupOf(string word, IReadOnlyList<IReadOnlyList<string>> groups)
    {
        var bare = word.ToLowerInvariant().Trim(Punctuation);
        string[] forms = bare.EndsWith("es", StringComparison.Ordinal) ? [bare, bare[..^1], bare[..^2]]
            : bare.EndsWith('s') ? [bare, bare[..^1]]
            : [bare];
        return groups.FirstOrDefault(group => forms.Any(group.Contains));
    }

    private static readonly char[] Punctuation = [.. "\"'+-*~?!.,;:()[]{}^\\/|&"];
}
