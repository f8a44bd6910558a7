using Microsoft.Extensions.Options;
using Search.Api.Engine;
using Search.Api.Engine.Lucene;
using static Search.Api.Tests.Products;

namespace Search.Api.Tests;

public sealed class LuceneSearchEngineTests : IDisposable
{
    private readonly LuceneSearchEngine _engine = new(Options.Create(new SearchOptions { Engine = "lucene" }));

    private static readonly Search.Api.Catalog.ProductDocument[] Catalog =
    [
        Product(1, "Sudden Death Hot Sauce No. 2", 9.99m),
        Product(2, "Sudden Death Hot Sauce", 12.99m, sale: 8.99m),
        Product(3, "Hawt Like a Habanero Shirt", 24.99m, category: "Mens", brand: "Capsaicin Co", skus: "SKU-100003 Hawt Like a Habanero Shirt - XL"),
        Product(4, "Hawt Like a Habanero Hoodie", 49.99m, category: "Mens", brand: "Pepper Works"),
        Product(5, "Day of the Dead Salsa", 5.99m, brand: "Blair's"),
    ];

    public void Dispose() => _engine.Dispose();

    [Fact]
    public async Task SuggestionsMatchWholeWordsAndAPrefixOfTheLast()
    {
        await _engine.ReplaceAllAsync(Stream(Catalog), default);

        var suggestions = await _engine.SuggestAsync("hawt lik", 10, default);

        Assert.Equal(["Hawt Like a Habanero Hoodie", "Hawt Like a Habanero Shirt"], suggestions.Order());
    }

    [Fact]
    public async Task TheExactNameRanksAboveLongerNamesContainingIt()
    {
        await _engine.ReplaceAllAsync(Stream(Catalog), default);

        var hits = await _engine.SearchAsync(Query("sudden death hot sauce"), default);

        Assert.Equal([2L, 1L], hits.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task AnAdditionalSkusNameOrCodeFindsItsProduct()
    {
        await _engine.ReplaceAllAsync(Stream(Catalog), default);

        Assert.Equal([3L], (await _engine.SearchAsync(Query("shirt xl"), default)).Items.Select(i => i.Id));
        Assert.Equal([3L], (await _engine.SearchAsync(Query("SKU-100003"), default)).Items.Select(i => i.Id));
    }

    [Fact]
    public async Task AWordOfASynonymGroupFindsTheOthersAndAMultiWordOneAsAPhrase()
    {
        await _engine.ReplaceAllAsync(Stream(Catalog), default);
        string[][] synonyms = [["sweatshirt", "hoodie", "pullover"], ["scorcher", "sudden death"]];

        Assert.Equal([4L], (await _engine.SearchAsync(Query("habanero sweatshirts", synonyms: synonyms), default)).Items.Select(i => i.Id));
        Assert.Equal([1L, 2L], (await _engine.SearchAsync(Query("scorcher sauce", synonyms: synonyms), default)).Items.Select(i => i.Id).Order());
        // "death sudden" is not the phrase; and without the group the word finds nothing.
        Assert.Empty((await _engine.SearchAsync(Query("scorcher sauce"), default)).Items);
    }

    [Fact]
    public async Task DidYouMeanCorrectsUnknownWordsToTheClosestNameWordsWhenThatFindsProducts()
    {
        await _engine.ReplaceAllAsync(Stream(Catalog), default);

        Assert.Equal("sudden death sauce", await _engine.CorrectAsync(Query("Suddn DETH sauce"), default));
        Assert.Equal("hawt habanero", await _engine.CorrectAsync(Query("hawt habanaro"), default));
        Assert.Null(await _engine.CorrectAsync(Query("sudden death"), default));
        Assert.Null(await _engine.CorrectAsync(Query("zzzqqq"), default));
        // Corrected, but nothing under that filter: no suggestion.
        Assert.Null(await _engine.CorrectAsync(Query("habanaro", categories: ["Gifts"]), default));
    }

    [Fact]
    public async Task StemmingAndPossessivesMatchAsSolrsTextEn()
    {
        await _engine.ReplaceAllAsync(Stream(Catalog), default);

        Assert.Equal([3L, 4L], (await _engine.SearchAsync(Query("habaneros", sort: SearchSort.Name), default)).Items.Select(i => i.Id).Order());
        Assert.Equal([5L], (await _engine.SearchAsync(Query("blair"), default)).Items.Select(i => i.Id));
    }

    [Fact]
    public async Task FiltersUseTheEffectivePriceAndFacetsIgnoreTheirOwnSelection()
    {
        await _engine.ReplaceAllAsync(Stream(Catalog), default);

        var hits = await _engine.SearchAsync(Query(categories: ["Hot Sauces"], max: 9m), default);

        Assert.Equal([2L, 5L], hits.Items.Select(i => i.Id).Order());
        Assert.Equal([new FacetCount("Hot Sauces", 2)], hits.Facets.Category);
        Assert.Equal([new PriceRangeCount(0m, 10m, 3), new(10m, 25m, 0), new(25m, 50m, 0), new(50m, 100m, 0), new(100m, null, 0)], hits.Facets.Price);
    }

    [Fact]
    public async Task SearchesSeeTheOldIndexUntilAReindexCompletes()
    {
        await _engine.ReplaceAllAsync(Stream(Catalog), default);
        var release = new TaskCompletionSource();
        var reindex = _engine.ReplaceAllAsync(Halting(release.Task), default);

        var during = await _engine.CountAsync(default);
        release.SetResult();
        await reindex;

        Assert.Equal(Catalog.Length, during);
        Assert.Equal(1, await _engine.CountAsync(default));

        async IAsyncEnumerable<Search.Api.Catalog.ProductDocument> Halting(Task resume)
        {
            yield return Product(9, "Green Ghost Pepper Sauce", 7m);
            await resume;
        }
    }

    [Fact]
    public async Task UpsertAndDeleteAreVisibleAtOnceEvenToSearchesAnsweredBefore()
    {
        await _engine.ReplaceAllAsync(Stream(Catalog), default);
        var before = await _engine.SearchAsync(Query("salsa"), default);

        await _engine.UpsertAsync(Product(2, "Scotch Bonnet Hot Sauce", 6m), default);
        await _engine.DeleteAsync(5, default);

        Assert.Equal([5L], before.Items.Select(i => i.Id));
        Assert.Equal([2L], (await _engine.SearchAsync(Query("bonnet"), default)).Items.Select(i => i.Id));
        Assert.Empty((await _engine.SearchAsync(Query("salsa"), default)).Items);
        Assert.Equal(Catalog.Length - 1, await _engine.CountAsync(default));
    }

    [Fact]
    public async Task ARepeatedSearchIsAnsweredFromTheCacheUntilTheIndexChangesAndThenAgain()
    {
        await _engine.ReplaceAllAsync(Stream(Catalog), default);
        var query = Query("sauce");

        var before = await _engine.SearchAsync(query, default);
        Assert.Same(before, await _engine.SearchAsync(query, default));
        await _engine.UpsertAsync(Product(9, "Green Ghost Pepper Sauce", 7m), default);
        var after = await _engine.SearchAsync(query, default);
        Assert.Same(after, await _engine.SearchAsync(query, default));

        Assert.Equal(before.TotalCount + 1, after.TotalCount);
        Assert.Equal((Hits: 2L, Misses: 2L), _engine.ResultCacheStatistics);
    }

    [Fact]
    public async Task ASearchWhoseWordsNoLiveProductHasTogetherIsAnsweredWithoutACoreOnceTheirSetsAreKept()
    {
        await _engine.ReplaceAllAsync(Stream([.. Catalog, Product(6, "Salsa Hoodie", 39m)]), default);
        var query = Query("salsa hoodie", min: 1m);

        // Computed on a core, which keeps the words' sets.
        Assert.Equal([6L], (await _engine.SearchAsync(query, default)).Items.Select(i => i.Id));
        var computedNothing = await _engine.SearchAsync(Query("salsa mug", min: 1m), default);
        Assert.Equal(0, _engine.NothingMatchedAtOnce);

        // Deleted, the product is still in its segment's sets, but not live.
        await _engine.DeleteAsync(6, default);
        var atOnce = await _engine.SearchAsync(query, default);
        Assert.Equal(1, _engine.NothingMatchedAtOnce);
        Assert.Equal(0, atOnce.TotalCount);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(computedNothing), System.Text.Json.JsonSerializer.Serialize(atOnce));

        // Back, in a segment of its own whose sets are not kept yet: computed, and found.
        await _engine.UpsertAsync(Product(6, "Salsa Hoodie", 39m), default);
        Assert.Equal([6L], (await _engine.SearchAsync(query, default)).Items.Select(i => i.Id));
        Assert.Equal(1, _engine.NothingMatchedAtOnce);
    }

    [Fact]
    public async Task FacetsCountAcrossTheSegmentsThatChangesAddAndLeaveDeletedProductsOut()
    {
        await _engine.ReplaceAllAsync(Stream(Catalog), default);

        // Each change is a segment of its own beside the reindex's one, with ordinals of its own.
        await _engine.UpsertAsync(Product(6, "Ghost Pepper Hoodie", 59.99m, category: "Mens", brand: "Pepper Works"), default);
        await _engine.UpsertAsync(Product(4, "Hawt Like a Habanero Hoodie", 49.99m, category: "Womens", brand: "Capsaicin Co"), default);
        await _engine.DeleteAsync(1, default);
        var all = await _engine.SearchAsync(Query(brands: ["Pepper Works"]), default);

        Assert.Equal([6L], all.Items.Select(i => i.Id));
        Assert.Equal([new FacetCount("Capsaicin Co", 2), new("Blair's", 1), new("Heat Clinic", 1), new("Pepper Works", 1)], all.Facets.Brand);
        Assert.Equal([new FacetCount("Mens", 1)], all.Facets.Category);
        Assert.Equal([new PriceRangeCount(0m, 10m, 0), new(10m, 25m, 0), new(25m, 50m, 0), new(50m, 100m, 1), new(100m, null, 0)], all.Facets.Price);
    }

    [Fact]
    public async Task SearchesAnswerTheSameWithAndWithoutTheWordSetsAlsoAcrossChangedSegments()
    {
        string[] names = ["Sudden Death", "Green Ghost", "Habanero Mango", "Scotch Bonnet", "Fire Starter", "Pepper Crew"];
        string[] kinds = ["Hot Sauce", "Hoodie", "Shirt", "Salsa", "Mug"];
        string[] brands = ["Heat Clinic", "Pepper Works", "Blair's"];
        var catalog = Enumerable.Range(1, 300).Select(i => Product(i, $"{names[i % names.Length]} {kinds[i / names.Length % kinds.Length]}", 5m + i % 40,
            category: i % 3 == 0 ? "Mens" : "Hot Sauces", brand: brands[i % brands.Length])).ToList();
        using var unaided = new LuceneSearchEngine(Options.Create(new SearchOptions { Engine = "lucene", LuceneResultCacheEntries = 0, LuceneWordSetEntries = 0 }));
        using var aided = new LuceneSearchEngine(Options.Create(new SearchOptions { Engine = "lucene", LuceneResultCacheEntries = 0 }));
        SearchQuery[] queries =
        [
            Query("hot sauce"), Query("green ghost hoodie"), Query("pepper hoodie", categories: ["Mens"]), Query("ghost sauce", min: 10m, max: 30m),
            Query("fire starter", sort: SearchSort.Price, page: 2, pageSize: 5), Query("scorcher sauce", synonyms: [["scorcher", "sudden death"]]),
            Query("mango shirt", brands: ["Pepper Works"]), Query("hoodie mug"), Query("hoodie", categories: ["Mens"]),
            Query("sauce", min: 12m, max: 20m, sort: SearchSort.PriceDescending, page: 2, pageSize: 4), Query("ghost", brands: ["Blair's", "Heat Clinic"]),
            Query("hoodie", categories: ["Gifts"]),
        ];

        foreach (var engine in new[] { unaided, aided })
        {
            await engine.ReplaceAllAsync(Stream(catalog), default);
        }

        var before = await AnswersAsync(aided);
        foreach (var engine in new[] { unaided, aided })
        {
            await engine.UpsertAsync(Product(301, "Green Ghost Hoodie", 19m, category: "Mens"), default);
            await engine.UpsertAsync(Product(7, "Green Ghost Hot Sauce", 11m), default);
            await engine.DeleteAsync(13, default);
        }

        Assert.Equal(await AnswersAsync(unaided), await AnswersAsync(aided));
        Assert.NotEqual(before, await AnswersAsync(aided));
        Assert.Contains(301L, (await aided.SearchAsync(Query("green ghost hoodie"), default)).Items.Select(i => i.Id));
        Assert.DoesNotContain(13L, (await aided.SearchAsync(Query("hot sauce", pageSize: 300), default)).Items.Select(i => i.Id));

        async Task<List<string>> AnswersAsync(LuceneSearchEngine engine)
        {
            var answers = new List<string>();
            foreach (var query in queries)
            {
                answers.Add(System.Text.Json.JsonSerializer.Serialize(await engine.SearchAsync(query, default)));
            }

            return answers;
        }
    }

    [Fact]
    public async Task AnIndexOnDiskIsSearchedAgainAfterARestartWithItsLastChange()
    {
        var path = Directory.CreateTempSubdirectory("search-index-test-").FullName;
        try
        {
            var options = Options.Create(new SearchOptions { Engine = "lucene", LuceneIndexPath = path });
            using (var first = new LuceneSearchEngine(options))
            {
                await first.ReplaceAllAsync(Stream(Catalog), default);
                await first.UpsertAsync(Product(2, "Scotch Bonnet Hot Sauce", 6m), default);
            }

            using var restarted = new LuceneSearchEngine(options);

            Assert.True(await restarted.IsFilledAsync(default));
            Assert.Equal(Catalog.Length, await restarted.CountAsync(default));
            Assert.Equal([2L], (await restarted.SearchAsync(Query("bonnet"), default)).Items.Select(i => i.Id));
        }
        finally
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
