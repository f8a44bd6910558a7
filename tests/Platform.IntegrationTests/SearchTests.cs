using System.Net;
using System.Net.Http.Json;

using static Platform.IntegrationTests.SearchClient;

namespace Platform.IntegrationTests;

[Collection(PlatformCollection.Name)]
public sealed class SearchTests(PlatformFixture platform) : IAsyncLifetime
{
    private List<CatalogProduct> _catalog = [];

    public async Task InitializeAsync()
    {
        _catalog = await platform.IndexedCatalogAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AnExactNameRanksFirstWithItsWordsHighlighted()
    {
        using var http = platform.CreateSearchClient();
        // A name that other products' names contain (e.g. "Sudden Death Hot Sauce" within "... Hot Sauce No. 2"), when there is one.
        var target = _catalog.OrderByDescending(p => _catalog.Count(o => o.Name.Contains(p.Name, StringComparison.Ordinal))).ThenBy(p => p.Id).First();

        var result = await http.SearchAsync($"q={Uri.EscapeDataString(target.Name.ToLowerInvariant())}");

        Assert.Equal(target.Id, result.Items[0].Id);
        var highlighted = result.Items[0].Highlights["name"];
        Assert.Contains("<em>", highlighted);
        Assert.Equal(WebUtility.HtmlEncode(target.Name), highlighted.Replace("<em>", "").Replace("</em>", ""));
        Assert.True(result.TotalCount >= _catalog.Count(o => o.Name.Contains(target.Name, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task CategoryBrandAndPriceFiltersSelectExactlyTheMatchingProducts()
    {
        using var http = platform.CreateSearchClient();
        var categories = CategoryCounts(_catalog).Take(2).Select(c => c.Value).ToList();
        var brand = _catalog.Where(p => p.Brand is not null).GroupBy(p => p.Brand!).OrderByDescending(g => g.Count()).First().Key;

        var inCategories = await http.SearchAllAsync(string.Join('&', categories.Select(c => $"category={Uri.EscapeDataString(c)}")));
        var ofBrand = await http.SearchAllAsync($"brand={Uri.EscapeDataString(brand)}");
        var priced = await http.SearchAllAsync("minPrice=10&maxPrice=24.99");

        Assert.Equal(Ids(_catalog.Where(p => p.Categories.Intersect(categories).Any())), Ids(inCategories));
        Assert.Equal(Ids(_catalog.Where(p => p.Brand == brand)), Ids(ofBrand));
        Assert.Equal(Ids(_catalog.Where(p => p.EffectivePrice is >= 10m and <= 24.99m)), Ids(priced));
        Assert.NotEmpty(priced);
    }

    [Fact]
    public async Task AProductIsFoundAndCountedUnderItsCategorysParentToo()
    {
        using var http = platform.CreateSearchClient();

        // The seed's Merchandise has Mens and Womens under it, and no product of its own.
        var merchandise = await http.SearchAllAsync("category=Merchandise");
        var mens = await http.SearchAllAsync("category=Mens");
        var womens = await http.SearchAllAsync("category=Womens");
        var all = await http.SearchAsync("pageSize=1");

        Assert.NotEmpty(mens);
        Assert.Equal(Ids(mens.Concat(womens)).Distinct(), Ids(merchandise));
        Assert.Equal(merchandise.Count, all.Facets.Category.Single(c => c.Value == "Merchandise").Count);
        Assert.DoesNotContain(all.Facets.Category, c => c.Value == "Primary Nav");
    }

    [Theory]
    [InlineData("price")]
    [InlineData("-price")]
    [InlineData("name")]
    [InlineData("newest")]
    [InlineData("relevance")]
    public async Task EverySortOrdersAllProductsWithTheIdAsTieBreak(string sort)
    {
        using var http = platform.CreateSearchClient();
        IEnumerable<CatalogProduct> expected = sort switch
        {
            "price" => _catalog.OrderBy(p => p.EffectivePrice).ThenBy(p => p.Id),
            "-price" => _catalog.OrderByDescending(p => p.EffectivePrice).ThenBy(p => p.Id),
            "name" => _catalog.OrderBy(p => NormalizedName(p.Name), StringComparer.Ordinal).ThenBy(p => p.Id),
            "newest" => _catalog.OrderByDescending(p => p.ActiveFrom).ThenBy(p => p.Id),
            // Without words every product scores the same: the tie-break decides.
            _ => _catalog.OrderBy(p => p.Id),
        };

        var actual = await http.SearchAllAsync($"sort={sort}", pageSize: 7);

        Assert.Equal(expected.Select(p => p.Id), actual.Select(i => i.Id));
    }

    [Fact]
    public async Task FacetCountsEqualTheCatalogsCounts()
    {
        using var http = platform.CreateSearchClient();

        var facets = (await http.SearchAsync("pageSize=1")).Facets;

        Assert.Equal(CategoryCounts(_catalog), facets.Category);
        Assert.Equal(BrandCounts(_catalog), facets.Brand);
        Assert.Equal(PriceCounts(_catalog), facets.Price);
    }

    [Fact]
    public async Task EachFacetIgnoresItsOwnSelectionButAppliesTheOthers()
    {
        using var http = platform.CreateSearchClient();
        var category = CategoryCounts(_catalog)[0].Value;
        var inCategory = _catalog.Where(p => p.Categories.Contains(category)).ToList();
        var brand = BrandCounts(inCategory)[0].Value;
        var selected = _catalog.Where(p => p.Categories.Contains(category) && p.Brand == brand).ToList();

        var result = await http.SearchAsync($"category={Uri.EscapeDataString(category)}&brand={Uri.EscapeDataString(brand)}&pageSize=100");

        Assert.Equal(Ids(selected), Ids(result.Items));
        Assert.Equal(CategoryCounts(_catalog.Where(p => p.Brand == brand)), result.Facets.Category);
        Assert.Equal(BrandCounts(inCategory), result.Facets.Brand);
        Assert.Equal(PriceCounts(selected), result.Facets.Price);
        Assert.True(result.Facets.Category.Count > 1 || result.Facets.Brand.Count > 1, "the selection hides no alternative");
    }

    [Fact]
    public async Task WalkingThePagesReturnsEveryMatchOnceInOrder()
    {
        using var http = platform.CreateSearchClient();
        var word = _catalog.SelectMany(p => p.Name.Split(' ')).GroupBy(w => w).OrderByDescending(g => g.Count()).First().Key;

        var onePage = await http.SearchAsync($"q={Uri.EscapeDataString(word)}&pageSize=100");
        var walked = await http.SearchAllAsync($"q={Uri.EscapeDataString(word)}", pageSize: 3);
        var beyond = await http.SearchAsync($"q={Uri.EscapeDataString(word)}&pageSize=3&page={walked.Count / 3 + 2}");

        Assert.True(onePage.TotalCount > 3);
        Assert.Equal(onePage.Items.Select(i => i.Id), walked.Select(i => i.Id));
        Assert.Empty(beyond.Items);
        Assert.Equal(onePage.TotalCount, beyond.TotalCount);
    }

    [Fact]
    public async Task AShoppersOperatorsAreReadAsWords()
    {
        using var http = platform.CreateSearchClient();
        var words = _catalog.Select(p => Words(p.Name)).First(w => w.Length >= 2 && w.Take(2).All(x => x.Length > 2 && x.All(char.IsLetter)));
        var (first, second) = (words[0], words[1]);

        var plain = await http.SearchAllAsync($"q={Uri.EscapeDataString($"{first} {second}")}");
        var excluded = await http.SearchAllAsync($"q={Uri.EscapeDataString($"{first} -{second}")}");
        var quoted = await http.SearchAllAsync($"q={Uri.EscapeDataString($"\"{first}\" +{second}*")}");
        var either = await http.SearchAllAsync($"q={Uri.EscapeDataString($"{first} OR zzzzqx")}");

        Assert.NotEmpty(plain);
        Assert.Equal(plain.Select(i => i.Id), excluded.Select(i => i.Id));
        Assert.Equal(plain.Select(i => i.Id), quoted.Select(i => i.Id));
        Assert.Empty(either);
    }

    [Fact]
    public async Task SuggestionsCompleteTheTypedWords()
    {
        using var http = platform.CreateSearchClient();
        var name = _catalog.OrderBy(p => p.Id).First(p => Words(p.Name) is { Length: >= 3 } w && w.All(x => x.All(char.IsLetter))).Name;
        var words = Words(name);
        var (whole, started) = (words[0], words[1][..Math.Min(3, words[1].Length)]);
        var matching = _catalog.Select(p => p.Name).Distinct()
            .Where(n => Words(n) is var w && w.Contains(whole) && w.Any(x => x.StartsWith(started, StringComparison.Ordinal)))
            .ToList();

        var result = await http.GetFromJsonAsync<SuggestResult>($"/api/search/suggest?q={Uri.EscapeDataString($"{whole} {started}")}", SearchClient.Json);

        Assert.True(Math.Min(10, matching.Count) == result!.Suggestions.Count,
            $"'{whole} {started}': expected [{string.Join(", ", matching)}], got [{string.Join(", ", result.Suggestions)}]");
        Assert.Subset(matching.ToHashSet(), result.Suggestions.ToHashSet());
        Assert.Contains(name, matching);
    }

    [Theory]
    [InlineData("sort=cheapest", "sort")]
    [InlineData("minPrice=-1", "minPrice")]
    [InlineData("maxPrice=abc", "maxPrice")]
    [InlineData("minPrice=20&maxPrice=10", "maxPrice")]
    [InlineData("page=0", "page")]
    [InlineData("page=501&pageSize=20", "page")]
    [InlineData("pageSize=0", "pageSize")]
    public async Task BadParametersAreRefusedWithAProblemNamingThem(string query, string parameter)
    {
        using var http = platform.CreateSearchClient();

        using var response = await http.GetAsync($"/api/search?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblem>(SearchClient.Json);
        Assert.Equal([parameter], problem!.Errors.Keys);
    }

    [Fact]
    public async Task AnOverLongQueryIsRefusedAndAnOverLargePageIsCapped()
    {
        using var http = platform.CreateSearchClient();

        using var tooLong = await http.GetAsync($"/api/search?q={new string('a', 201)}");
        var capped = await http.SearchAsync("pageSize=1000");

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(100, capped.PageSize);
    }

    [Fact]
    public async Task EngineCallsAreMeasuredForPrometheus()
    {
        using var http = platform.CreateSearchClient();
        using var metrics = platform.CreateServiceClient(SearchClient.Audience, "");
        var before = await EngineCallsAsync(metrics);

        await http.SearchAsync("q=sauce&pageSize=2");
        await http.SearchAsync("q=shirt&pageSize=2");

        // The exporter caches its answer for a moment: wait for a fresh one.
        var after = await Eventually.ValueAsync(() => EngineCallsAsync(metrics), calls => calls >= before + 2, "both searches in the engine-call counter",
            TimeSpan.FromSeconds(10));

        Assert.Equal(before + 2, after);
    }

    /// <summary>The count of successful search calls to the engine, as Prometheus scrapes it.</summary>
    private static async Task<long> EngineCallsAsync(HttpClient metrics)
    {
        var text = await metrics.GetStringAsync("/metrics");
        var line = text.Split('\n').SingleOrDefault(l => l.StartsWith("search_engine_duration_seconds_count{", StringComparison.Ordinal)
            && l.Contains("engine=\"lucene\"") && l.Contains("operation=\"search\"") && l.Contains("outcome=\"success\""));
        return line is null ? 0 : long.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed record SuggestResult(List<string> Suggestions, bool Degraded);

    private sealed record ValidationProblem(string Title, Dictionary<string, string[]> Errors);


    private static string NormalizedName(string name) => string.Join(' ', name.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static string[] Words(string name) => name.ToLowerInvariant().Split([' ', '-', '\''], StringSplitOptions.RemoveEmptyEntries);

    private static List<FacetCount> CategoryCounts(IEnumerable<CatalogProduct> products) => Counted(products.SelectMany(p => p.Categories));

    private static List<FacetCount> BrandCounts(IEnumerable<CatalogProduct> products) => Counted(products.Where(p => p.Brand is not null).Select(p => p.Brand!));

    private static List<FacetCount> Counted(IEnumerable<string> values) =>
        [.. values.GroupBy(v => v).Select(g => new FacetCount(g.Key, g.Count())).OrderByDescending(c => c.Count).ThenBy(c => c.Value, StringComparer.Ordinal)];

    private static List<PriceRangeCount> PriceCounts(IEnumerable<CatalogProduct> products)
    {
        (decimal From, decimal? To)[] ranges = [(0m, 10m), (10m, 25m), (25m, 50m), (50m, 100m), (100m, null)];
        return [.. ranges.Select(r => new PriceRangeCount(r.From, r.To, products.Count(p => p.EffectivePrice >= r.From && (r.To is null || p.EffectivePrice < r.To))))];
    }
}
