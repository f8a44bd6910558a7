using Search.Api.Merchandising;

namespace Search.Api.Tests;

/// <summary>Broadleaf's search rules as the service applies them: synonym groups per query word, redirects as Broadleaf picks them.</summary>
public sealed class SearchMerchandisingTests
{
    private static readonly DateTime StoreNow = new(2026, 12, 1, 9, 0, 0);

    // The store's clock runs 6 hours behind UTC (America/Chicago in winter).
    private static readonly DateTimeOffset UtcNow = new(StoreNow.AddHours(6), TimeSpan.Zero);

    private static readonly SearchMerchandising Rules = new(
        [["chilli", "chili", "chile"], ["sweatshirt", "hoodie"]],
        [
            new SearchRedirect("gift card", "/gift-cards/all", 5, StoreNow.AddYears(-1), null),
            new SearchRedirect("Gift Card", "/gift-cards", 1, StoreNow.AddYears(-1), null),
            new SearchRedirect("new york", "/ny", 1, new DateTime(1992, 1, 1), new DateTime(1999, 1, 1)),
            new SearchRedirect("holiday", "/holiday", 1, StoreNow.AddHours(1), null),
            new SearchRedirect("merch", "/merchandise", 1, null, null),
            new SearchRedirect("tonight", "/tonight", 1, StoreNow.AddHours(-1), StoreNow.AddMinutes(1)),
        ],
        StoreNow - UtcNow.UtcDateTime);

    [Fact]
    public void TheGroupsOfTheQuerysWordsComeAlongWhateverTheirCaseAndPunctuation()
    {
        Assert.Equal([["chilli", "chili", "chile"]], Rules.SynonymsFor("Hot CHILI, oil"));
        Assert.Equal(2, Rules.SynonymsFor("\"hoodie\" chile").Count);
        Assert.Equal([["sweatshirt", "hoodie"], ["chilli", "chili", "chile"]], Rules.SynonymsFor("Hoodies chillies"));
        Assert.Empty(Rules.SynonymsFor("hot sauce"));
    }

    [Theory]
    [InlineData("gift card", "/gift-cards")]
    [InlineData("  GIFT CARD ", "/gift-cards")]
    [InlineData("tonight", "/tonight")]
    [InlineData("gift cards", null)]
    [InlineData("new york", null)]
    [InlineData("holiday", null)]
    [InlineData("merch", null)]
    public void ARedirectIsTheWholeTermActiveNowInStoreTimeLowestPriorityFirst(string query, string? url) =>
        Assert.Equal(url, Rules.RedirectFor(query, UtcNow)?.Url);
}
