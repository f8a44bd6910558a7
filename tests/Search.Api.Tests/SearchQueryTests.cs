using Search.Api.Engine;

namespace Search.Api.Tests;

public sealed class SearchQueryTests
{
    private static readonly SearchQuery Query = new("hot sauce", ["Hot Sauces"], ["Blair's"], 5m, 20m, SearchSort.Price, 2, 24, [["chili", "chilli"]]);

    [Fact]
    public void QueriesAskingTheSameThingShareACacheKeyWhateverTheirListsInstances()
    {
        var same = new SearchQuery("hot sauce", new List<string> { "Hot Sauces" }, ["Blair's"], 5m, 20m, SearchSort.Price, 2, 24, [new List<string> { "chili", "chilli" }]);

        Assert.Equal(Query.CacheKey, same.CacheKey);
    }

    /// <summary>Every field of the query, a future one included, is part of the key.</summary>
    public static TheoryData<string, SearchQuery> EachFieldChanged() => new()
    {
        { "text", Query with { Text = "hot sauces" } },
        { "categories", Query with { Categories = ["Hot Sauces", "Merchandise"] } },
        { "brands", Query with { Brands = [] } },
        { "min price", Query with { MinPrice = null } },
        { "max price", Query with { MaxPrice = 21m } },
        { "sort", Query with { Sort = SearchSort.PriceDescending } },
        { "page", Query with { Page = 3 } },
        { "page size", Query with { PageSize = 48 } },
        { "synonyms", Query with { Synonyms = [["chili", "chile"]] } },
        { "list boundaries", Query with { Categories = ["Hot", "Sauces"] } },
    };

    [Theory]
    [MemberData(nameof(EachFieldChanged))]
    public void AQueryDifferingInAnyFieldHasAnotherKey(string field, SearchQuery other) =>
        Assert.True(Query.CacheKey != other.CacheKey, $"{field} is not part of the cache key");

    [Fact]
    public void TheFieldsAboveAreEveryFieldOfTheQuery() =>
        Assert.Equal(9, typeof(SearchQuery).GetConstructors().Single().GetParameters().Length);
}
