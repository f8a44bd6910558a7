using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;

using static Platform.IntegrationTests.SearchClient;

namespace Platform.IntegrationTests;

/// <summary>Broadleaf's search synonyms and redirects (the seeded <c>blc_search_synonym</c> and <c>blc_search_intercept</c>) through the API.</summary>
[Collection(PlatformCollection.Name)]
public sealed class SearchMerchandisingTests(PlatformFixture platform) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private List<CatalogProduct> _catalog = [];

    public async Task InitializeAsync()
    {
        _catalog = await platform.IndexedCatalogAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AWordOfASynonymGroupFindsWhatTheOtherWordsFind()
    {
        using var http = platform.CreateSearchClient();

        // The seed's groups: chilli|chili|chile and sweatshirt|hoodie|pullover; the catalog says Chili and Hoodie.
        var chili = Ids(await http.SearchAllAsync("q=chili"));
        await http.WaitForSearchAsync("q=chilli", r => r.TotalCount > 0, Deadline);
        var chilli = Ids(await http.SearchAllAsync("q=chilli"));
        var hoodies = Ids(await http.SearchAllAsync("q=hoodie"));
        var sweatshirts = Ids(await http.SearchAllAsync("q=sweatshirts"));

        Assert.Equal(Ids(_catalog.Where(p => p.Name.Contains("Chili", StringComparison.Ordinal))), chili);
        Assert.Equal(chili, chilli);
        Assert.NotEmpty(hoodies);
        Assert.Equal(hoodies, sweatshirts);
    }

    [Theory]
    [InlineData("Gift Card", "/gift-cards")]
    [InlineData("insanity", "/hot-sauces/insanity_sauce")]
    [InlineData("new york", null)]
    [InlineData("holiday", null)]
    [InlineData("merch", null)]
    public async Task ARedirectAnswersItsTermWithTheMerchantsPageOnlyWhileActive(string query, string? redirect)
    {
        using var http = platform.CreateSearchClient();
        // The rules are read at start: once "gift card" redirects, they are in force.
        await http.WaitForSearchAsync("q=gift%20card", r => r.Redirect is not null, Deadline);

        var result = await http.SearchAsync($"q={Uri.EscapeDataString(query)}");

        Assert.Equal(redirect, result.Redirect);
        // A redirect is the answer: no search behind it.
        Assert.True(redirect is null || (result.Items.Count == 0 && result.TotalCount == 0));
    }

    [Fact]
    public async Task AMerchantsNewSynonymAndRedirectApplyWithoutARestart()
    {
        using var http = platform.CreateSearchClient();
        await using var owner = await platform.OpenReplicaAsOwnerAsync();
        var habanero = Ids(await http.SearchAllAsync("q=habanero"));
        try
        {
            await owner.ExecuteAsync("INSERT INTO blc_search_synonym VALUES (900, 'habanero', 'scorcher')");
            await owner.ExecuteAsync("INSERT INTO blc_search_intercept VALUES (900, NULL, LOCALTIMESTAMP - interval '1 day', 1, 'hot deals', '/clearance')");

            var scorchers = await http.WaitForSearchAsync("q=scorcher&pageSize=100", r => r.TotalCount > 0, Deadline);
            var deals = await http.WaitForSearchAsync("q=hot%20deals", r => r.Redirect is not null, Deadline);

            Assert.NotEmpty(habanero);
            Assert.Equal(habanero, Ids(await http.SearchAllAsync("q=scorcher")));
            Assert.Equal(habanero.Count, scorchers.TotalCount);
            Assert.Equal("/clearance", deals.Redirect);
        }
        finally
        {
            await owner.ExecuteAsync("DELETE FROM blc_search_synonym WHERE search_synonym_id = 900");
            await owner.ExecuteAsync("DELETE FROM blc_search_intercept WHERE search_redirect_id = 900");
        }
    }

    [Fact]
    public async Task AMisspelledNameThatFindsNothingProposesTheCorrectionWhichFindsIt()
    {
        using var http = platform.CreateSearchClient();
        var word = _catalog.SelectMany(p => p.Name.Split(' ')).Where(w => w.Length >= 7 && w.All(char.IsLetter)).Order(StringComparer.Ordinal).First().ToLowerInvariant();
        var misspelled = word[..3] + word[4..];

        var result = await http.SearchAsync($"q={misspelled}");
        var corrected = await http.SearchAsync($"q={Uri.EscapeDataString(result.DidYouMean ?? "")}&pageSize=100");

        Assert.Equal(0, result.TotalCount);
        Assert.Equal(word, result.DidYouMean);
        Assert.Equal(Ids(_catalog.Where(p => p.Name.Split(' ').Any(w => w.Equals(word, StringComparison.OrdinalIgnoreCase)))), Ids(corrected.Items));
    }

    [Fact]
    public async Task SearchesThatFoundNothingAreListedForAdminsMostFrequentFirst()
    {
        using var shopper = platform.CreateSearchClient();
        using var admin = platform.CreateSearchAdminClient();
        var (rare, frequent) = ($"zq{Guid.NewGuid():N}"[..12], $"zx{Guid.NewGuid():N}"[..12]);

        await shopper.SearchAsync($"q={rare}");
        await shopper.SearchAsync($"q={frequent.ToUpperInvariant()}");
        await shopper.SearchAsync($"q={frequent}%20&page=2");
        await shopper.SearchAsync("q=sauce");
        var report = await admin.GetFromJsonAsync<JsonObject>("/api/search/analytics/zero-results?limit=500", SearchClient.Json);
        using var bad = await admin.GetAsync("/api/search/analytics/zero-results?from=yesterday&limit=0");
        var problem = await bad.Content.ReadFromJsonAsync<JsonObject>(SearchClient.Json);

        var listed = report!["queries"]!.AsArray().Select(q => (Query: q!["query"]!.GetValue<string>(), Searches: q["searches"]!.GetValue<long>())).ToList();
        Assert.Contains((frequent, 2L), listed);
        Assert.Contains((rare, 1L), listed);
        Assert.True(listed.IndexOf((frequent, 2L)) < listed.IndexOf((rare, 1L)));
        Assert.DoesNotContain(listed, q => q.Query == "sauce");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["from", "limit"], problem!["errors"]!.AsObject().Select(e => e.Key).Order());
    }
}
