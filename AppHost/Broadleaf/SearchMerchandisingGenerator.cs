namespace AppHost.Broadleaf;

/// <summary>
/// The store's search merchandising: synonym groups over the catalog's own words, and search redirects that are
/// active, of lower priority, expired, not started, and without a start date (which Broadleaf treats as inactive).
/// </summary>
internal static class SearchMerchandisingGenerator
{
    public static void Generate(BroadleafSeedOptions options, IBroadleafRowSink sink)
    {
        (string Term, string Synonyms)[] synonyms =
        [
            ("chilli", "chili|chile"),
            ("sweatshirt", "hoodie|pullover"),
            ("tee", "shirt"),
            ("cup", "mug"),
        ];
        for (var i = 0; i < synonyms.Length; i++)
        {
            sink.Write(BroadleafTables.SearchSynonym, (long)i + 1, synonyms[i].Synonyms, synonyms[i].Term);
        }

        var start = options.HistoryStart;
        (DateTime? Start, DateTime? End, int Priority, string Term, string Url)[] redirects =
        [
            (start, null, 1, "gift card", "/gift-cards"),
            (start, null, 5, "Gift Card", "/gift-cards/all"),
            (start, null, 1, "insanity", "/hot-sauces/insanity_sauce"),
            (new DateTime(1992, 10, 15, 14, 28, 36), new DateTime(1999, 10, 15, 21, 28, 36), -10, "new york", "/search?q=pace picante"),
            (options.HistoryEnd.AddYears(5), null, 1, "holiday", "/holiday-gifts"),
            (null, null, 1, "merch", "/merchandise"),
        ];
        for (var i = 0; i < redirects.Length; i++)
        {
            var r = redirects[i];
            sink.Write(BroadleafTables.SearchIntercept, (long)i + 1, r.End, r.Start, r.Priority, r.Term, r.Url);
        }
    }
}
