using System.Text.Json.Nodes;
using Search.Api.Engine;
using Search.Api.Engine.Solr;
using static Search.Api.Tests.Products;

namespace Search.Api.Tests;

/// <summary>
/// The Solr engine against a stub core on a real port: the exact requests it sends, and how it reads Solr 9's answers
/// (fixtures in Solr 9's response format, see Fixtures/solr/README.md).
/// </summary>
public sealed class SolrEngineTests : IAsyncLifetime
{
    private StubSolr solr = null!;
    private SolrHost host = null!;

    public async Task InitializeAsync()
    {
        solr = await StubSolr.StartAsync();
        // A generous budget: these tests are about what is sent and read, not about time (DegradedSearchTests are).
        host = SolrHost.Create(solr.CoreUrl, budget: TimeSpan.FromSeconds(4));
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await solr.DisposeAsync();
    }

    [Fact]
    public async Task ASearchIsOneJsonRequestWithEdismaxTaggedFiltersMultiSelectFacetsAndHighlighting()
    {
        solr.Answer = _ => (200, "select-no-match.json", TimeSpan.Zero);

        await host.Engine.SearchAsync(Query("Hot Sauce", SearchSort.Price, categories: ["Hot Sauces", "Men's \"Best\""], brands: ["Blair's"],
            min: 5m, max: 19.5m, page: 2, pageSize: 10), default);

        var request = Assert.Single(solr.Requests);
        Assert.Equal(("POST", "/solr/products/select"), (request.Method, request.PathAndQuery));
        var expected = JsonNode.Parse("""
            {
              "params": {
                "defType": "edismax", "uf": "-*", "q.alt": "*:*",
                "qf": "name^5 brand_text^2 category_text^2 description^1 skus^1", "pf": "name^10", "mm": "100%", "tie": "0.1",
                "timeAllowed": 3000,
                "q": "Hot Sauce", "bq": "name_exact:\"hot sauce\"^50",
                "hl": true, "hl.fl": "name,description", "hl.encoder": "html", "hl.tag.pre": "<em>", "hl.tag.post": "</em>", "hl.fragsize": 100
              },
              "filter": [
                "{!tag=category}category:(\"Hot Sauces\" OR \"Men's \\\"Best\\\"\")",
                "{!tag=brand}brand:(\"Blair's\")",
                "{!tag=price}effective_price:[5 TO 19.5]"
              ],
              "offset": 10, "limit": 10,
              "sort": "effective_price asc,product_id asc",
              "fields": "id,sku,name,description,price,sale_price,category,brand,url",
              "facet": {
                "category": { "type": "terms", "field": "category", "limit": -1, "mincount": 1, "sort": "count desc", "domain": { "excludeTags": "category" } },
                "brand": { "type": "terms", "field": "brand", "limit": -1, "mincount": 1, "sort": "count desc", "domain": { "excludeTags": "brand" } },
                "price": { "type": "range", "field": "effective_price",
                  "ranges": [ { "range": "[0,10)" }, { "range": "[10,25)" }, { "range": "[25,50)" }, { "range": "[50,100)" }, { "range": "[100,*)" } ],
                  "domain": { "excludeTags": "price" } }
              }
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(request.Body)), request.Body);
    }

    [Fact]
    public async Task AnswersAreReadIntoHitsFacetsAndHighlights()
    {
        solr.Answer = _ => (200, "select-facets-highlighting.json", TimeSpan.Zero);

        var hits = await host.Engine.SearchAsync(Query("hot sauce", pageSize: 2), default);

        Assert.Equal(7, hits.TotalCount);
        Assert.Equal([2L, 11L], hits.Items.Select(i => i.Id));
        var first = hits.Items[0];
        Assert.Equal(("SKU-000002", 12.99m, 8.99m, "Blair's"), (first.Sku, first.Price, first.SalePrice, first.Brand));
        Assert.Equal(["Hot Sauces", "Clearance"], first.Categories);
        Assert.Equal("Sudden Death <em>Hot</em> <em>Sauce</em> by Blair&#39;s &amp; co", first.Highlights["description"]);
        Assert.Equal((null, null, null), (hits.Items[1].Description, hits.Items[1].SalePrice, hits.Items[1].Url));
        Assert.Equal([new FacetCount("Hot Sauces", 7), new FacetCount("Clearance", 2)], hits.Facets.Category);
        Assert.Equal([new FacetCount("Blair's", 4), new FacetCount("Heat Clinic", 3)], hits.Facets.Brand);
        Assert.Equal([5L, 2L, 0L, 0L, 0L], hits.Facets.Price.Select(p => p.Count));
        Assert.Equal((100m, (decimal?)null), (hits.Facets.Price[^1].From, hits.Facets.Price[^1].To));
    }

    [Fact]
    public async Task NoMatchesMeanEmptyTermFacetsAndZeroPriceCounts()
    {
        solr.Answer = _ => (200, "select-no-match.json", TimeSpan.Zero);

        var hits = await host.Engine.SearchAsync(Query("zzz"), default);

        Assert.Equal((0L, 0, 0, 0), (hits.TotalCount, hits.Items.Count, hits.Facets.Category.Count, hits.Facets.Brand.Count));
        Assert.All(hits.Facets.Price, p => Assert.Equal(0, p.Count));
    }

    [Fact]
    public async Task PartialResultsAreATimeoutAndErrorsCarrySolrsMessage()
    {
        solr.Answer = r => r.Body.Contains("zzz") ? (400, "error-undefined-field.json", TimeSpan.Zero) : (200, "select-partial-results.json", TimeSpan.Zero);

        await Assert.ThrowsAsync<SolrTimeoutException>(() => host.Engine.SearchAsync(Query("sauce"), default));
        var error = await Assert.ThrowsAsync<SolrException>(() => host.Engine.SearchAsync(Query("zzz"), default));

        Assert.Equal(400, error.Code);
        Assert.Contains("undefined field effective_price", error.Message);
    }

    [Fact]
    public async Task SuggestAsksForNamesMatchingTheWordsTheLastAsAPrefix()
    {
        solr.Answer = _ => (200, "select-facets-highlighting.json", TimeSpan.Zero);

        var names = await host.Engine.SuggestAsync("Sudden DEA", 1, default);

        Assert.Equal(["Sudden Death Hot Sauce"], names);
        var body = JsonNode.Parse(Assert.Single(solr.Requests).Body)!;
        Assert.Equal("{!lucene q.op=AND df=name_suggest}sudden dea*", (string?)body["query"]);
        Assert.Equal("score desc,name_sort asc", (string?)body["sort"]);
    }

    [Fact]
    public async Task TheSchemaGetsOnlyTheMissingFieldsAndNothingWhenComplete()
    {
        solr.Answer = r => r.Method == "GET" ? (200, "schema-fields-default.json", TimeSpan.Zero) : (200, "update-ok.json", TimeSpan.Zero);

        await host.Engine.InitializeAsync(default);

        var requests = solr.Requests.ToList();
        Assert.Equal([("GET", "/solr/products/schema/fields"), ("POST", "/solr/products/schema")], requests.Select(r => (r.Method, r.PathAndQuery)));
        var added = JsonNode.Parse(requests[1].Body)!["add-field"]!.AsArray();
        Assert.Equal(SolrSchema.Fields.Count, added.Count);
        Assert.Contains(added, f => (string?)f!["name"] == "effective_price" && (string?)f["type"] == "pdouble");
        Assert.Null(SolrSchema.AddMissing(SolrSchema.Fields.Select(f => (string)f["name"]!).ToHashSet()));
    }

    [Fact]
    public async Task AReindexSendsBatchesWithoutCommittingThenDeletesOtherGenerationsAndCommitsOnce()
    {
        var products = Enumerable.Range(1, 2_500).Select(i => Product(i, $"Product {i}", 5m + i % 50)).ToList();

        var count = await host.Engine.ReplaceAllAsync(Stream(products), default);

        var requests = solr.Requests.ToList();
        Assert.Equal(2_500, count);
        Assert.Equal(["/solr/products/update", "/solr/products/update", "/solr/products/update", "/solr/products/update"], requests.Select(r => r.PathAndQuery));
        var batches = requests.Take(3).Select(r => JsonNode.Parse(r.Body)!.AsArray()).ToList();
        Assert.Equal([1_000, 1_000, 500], batches.Select(b => b.Count));
        var generation = (string?)batches[0][0]!["index_generation"];
        Assert.All(batches.SelectMany(b => b), d => Assert.Equal(generation, (string?)d!["index_generation"]));
        Assert.Equal(9m, (decimal)batches[0][3]!["effective_price"]!);
        var finish = JsonNode.Parse(requests[3].Body)!;
        Assert.Equal($"*:* -index_generation:\"{generation}\"", (string?)finish["delete"]!["query"]);
        Assert.NotNull(finish["commit"]);
    }

    [Fact]
    public async Task SingleProductChangesCommitAtOnce()
    {
        await host.Engine.UpsertAsync(Product(7, "Green Ghost", 7m), default);
        await host.Engine.DeleteAsync(8, default);

        var requests = solr.Requests.ToList();
        Assert.Equal(["/solr/products/update?commit=true", "/solr/products/update?commit=true"], requests.Select(r => r.PathAndQuery));
        Assert.Equal("7", (string?)JsonNode.Parse(requests[0].Body)![0]!["id"]);
        Assert.Null(JsonNode.Parse(requests[0].Body)![0]!["index_generation"]);
        Assert.Equal("""{"delete":{"id":"8"}}""", requests[1].Body);
    }
}
