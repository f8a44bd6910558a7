using Search.Api.Catalog;
using Search.Api.Engine;

namespace Search.Api.Tests;

internal static class Products
{
    public static ProductDocument Product(long id, string name, decimal price, string category = "Hot Sauces", string? brand = "Heat Clinic",
        decimal? sale = null, string? description = null, params string[] skus) =>
        new(id, $"SKU-{id:D6}", name, description ?? $"{name} by {brand}", price, sale, [category], brand, $"/p/{id}",
            new DateTime(2026, 1, 1).AddDays(id), [$"SKU-{id:D6}", .. skus]);

    public static SearchQuery Query(string text = "", SearchSort sort = SearchSort.Relevance, string[]? categories = null,
        string[]? brands = null, decimal? min = null, decimal? max = null, int page = 1, int pageSize = 10, string[][]? synonyms = null) =>
        new(text, categories ?? [], brands ?? [], min, max, sort, page, pageSize, synonyms ?? []);

    public static async IAsyncEnumerable<ProductDocument> Stream(IEnumerable<ProductDocument> products)
    {
        foreach (var product in products)
        {
            await Task.Yield();
            yield return product;
        }
    }
}
