namespace Search.Api.Tests;

public sealed class SearchOptionsTests
{
    [Fact]
    public void TheDefaultsAreValid() => Assert.True(new SearchOptionsValidator().Validate(null, new SearchOptions()).Succeeded);

    [Fact]
    public void ADefaultPageAboveTheLargestAndNoBudgetAreEachNamed()
    {
        var result = new SearchOptionsValidator().Validate(null, new SearchOptions { DefaultPageSize = 200, MaxPageSize = 100, Budget = TimeSpan.Zero });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("DefaultPageSize", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Budget", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(-1)]
    public void ACacheTooSmallToHoldThreeEntriesIsNamed(int entries)
    {
        var result = new SearchOptionsValidator().Validate(null, new SearchOptions { LuceneResultCacheEntries = entries, LuceneWordSetEntries = entries });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("LuceneResultCacheEntries", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("LuceneWordSetEntries", StringComparison.Ordinal));
    }
}
