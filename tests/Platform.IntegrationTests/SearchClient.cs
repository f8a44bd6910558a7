using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.IntegrationTests;

internal sealed record SearchItem(long Id, string Sku, string Name, string? Description, decimal Price, decimal? SalePrice,
    List<string> Categories, string? Brand, string? Url, Dictionary<string, string> Highlights);

internal sealed record FacetCount(string Value, long Count);

internal sealed record PriceRangeCount(decimal From, decimal? To, long Count);

internal sealed record SearchFacets(List<FacetCount> Category, List<FacetCount> Brand, List<PriceRangeCount> Price);

internal sealed record SearchResult(
    List<SearchItem> Items, long TotalCount, int Page, int PageSize, SearchFacets Facets, bool Degraded, string? Message, string? Redirect, string? DidYouMean);

internal sealed record IndexStatus(string Engine, long Products, bool Reindexing, JsonElement? LastReindex);

/// <summary>A searchable product as computed from the replica by the tests, independently of the service.</summary>
internal sealed record CatalogProduct(long Id, string Name, decimal Price, decimal? SalePrice, string? Brand, DateTime ActiveFrom, string[] Categories)
{
    public decimal EffectivePrice => SalePrice ?? Price;
}

internal static class SearchClient
{
    public const string Audience = "search-api";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static HttpClient CreateSearchClient(this PlatformFixture platform, string[]? scopes = null, string[]? roles = null) =>
        platform.CreateServiceClient(Audience, platform.Tokens().CreateToken(Audience, roles ?? [], scopes ?? ["search"], TimeSpan.FromMinutes(5)));

    public static HttpClient CreateSearchAdminClient(this PlatformFixture platform) => platform.CreateSearchClient(scopes: [], roles: ["admin"]);

    public static async Task<SearchResult> SearchAsync(this HttpClient http, string query)
    {
        using var response = await http.GetAsync($"/api/search?{query}");
        Assert.True(response.IsSuccessStatusCode, $"{query}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var result = (await response.Content.ReadFromJsonAsync<SearchResult>(Json))!;
        Assert.False(result.Degraded, result.Message);
        return result;
    }

    /// <summary>Every page of a search, in order.</summary>
    public static async Task<List<SearchItem>> SearchAllAsync(this HttpClient http, string query, int pageSize = 100)
    {
        var items = new List<SearchItem>();
        for (var page = 1; page <= 200; page++)
        {
            var result = await http.SearchAsync($"{query}&page={page}&pageSize={pageSize}");
            items.AddRange(result.Items);
            if (result.Items.Count < pageSize)
            {
                Assert.Equal(result.TotalCount, items.Count);
                return items;
            }
        }

        throw new InvalidOperationException("More than 200 pages.");
    }

    /// <summary>The first answer to <paramref name="query"/> that meets <paramref name="condition"/> (an index or rule change applying).</summary>
    public static Task<SearchResult> WaitForSearchAsync(this HttpClient http, string query, Func<SearchResult, bool> condition, TimeSpan timeout) =>
        Eventually.ValueAsync(() => http.SearchAsync(query), condition, $"an answer to {query} meeting the condition", timeout);

    /// <summary>The searchable catalog, once the index holds all of it.</summary>
    public static async Task<List<CatalogProduct>> IndexedCatalogAsync(this PlatformFixture platform)
    {
        var catalog = await platform.SearchableCatalogAsync();
        await platform.WaitForIndexAsync(catalog.Count, TimeSpan.FromSeconds(90));
        return catalog;
    }

    /// <summary>Product ids in order, to compare sets of results.</summary>
    public static List<long> Ids(IEnumerable<CatalogProduct> products) => [.. products.Select(p => p.Id).Order()];

    public static List<long> Ids(IEnumerable<SearchItem> items) => [.. items.Select(i => i.Id).Order()];

    /// <summary>Waits until the index holds what the catalog holds (it is built in the background at start).</summary>
    public static async Task<IndexStatus> WaitForIndexAsync(this PlatformFixture platform, long products, TimeSpan timeout)
    {
        using var admin = platform.CreateSearchAdminClient();
        return await Eventually.ValueAsync(async () => (await admin.GetFromJsonAsync<IndexStatus>("/api/search/index", Json))!,
            status => status is { Reindexing: false } && status.Products == products, $"the index at {products} products", timeout);
    }

    /// <summary>The searchable catalog: products not archived whose default SKU is active now, with their live categories.</summary>
    /// <summary>
    /// The searchable products as the raw tables have them, each with the categories it is in and their parents (walked
    /// here, in .NET, from the parent links), archived ones left out, top-level ones only where a product is in them itself.
    /// </summary>
    public static async Task<List<CatalogProduct>> SearchableCatalogAsync(this PlatformFixture platform)
    {
        await using var replica = await platform.OpenReplicaAsync();
        var categories = (await replica.QueryAsync("SELECT category_id, name, archived IS NOT DISTINCT FROM 'Y' FROM blc_category",
            r => (Id: r.GetInt64(0), Name: r.GetString(1), Archived: r.GetBoolean(2)))).ToDictionary(c => c.Id);
        var parents = (await replica.QueryAsync("""
            SELECT sub_category_id, category_id FROM blc_category_xref
            UNION SELECT category_id, default_parent_category_id FROM blc_category WHERE default_parent_category_id IS NOT NULL
            """, r => (Child: r.GetInt64(0), Parent: r.GetInt64(1)))).ToLookup(l => l.Child, l => l.Parent);
        var products = await replica.QueryAsync("""
            SELECT p.product_id, s.name, s.retail_price, s.sale_price, p.manufacture, COALESCE(s.active_start_date, 'epoch'),
                   ARRAY(SELECT x.category_id FROM blc_category_product_xref x WHERE x.product_id = p.product_id)
            FROM blc_product p JOIN blc_sku s ON s.sku_id = p.default_sku_id
            WHERE p.archived IS DISTINCT FROM 'Y'
              AND COALESCE(s.active_start_date, LOCALTIMESTAMP) <= LOCALTIMESTAMP
              AND COALESCE(s.active_end_date, 'infinity') > LOCALTIMESTAMP
            """, r => (Product: new CatalogProduct(r.GetInt64(0), r.GetString(1), r.GetDecimal(2), r.IsDBNull(3) ? null : r.GetDecimal(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.GetDateTime(5), []), Direct: r.GetFieldValue<long[]>(6)));

        IEnumerable<long> Ancestors(long category)
        {
            var seen = new HashSet<long>();
            var pending = new Stack<long>(parents[category]);
            while (pending.TryPop(out var parent))
            {
                if (seen.Add(parent))
                {
                    yield return parent;
                    foreach (var next in parents[parent])
                    {
                        pending.Push(next);
                    }
                }
            }
        }

        return [.. products.Select(p => p.Product with
        {
            Categories = [.. p.Direct.Concat(p.Direct.SelectMany(Ancestors).Where(a => parents[a].Any()))
                .Distinct().Where(c => !categories[c].Archived).Select(c => categories[c].Name).Distinct()],
        })];
    }
}
