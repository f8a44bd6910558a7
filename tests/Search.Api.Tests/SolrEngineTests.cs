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
    private StubSolr _solr = null!;
    private SolrHost _host = null!;

    public async Task InitializeAsync()
    {
        _solr = await StubSolr.StartAsync();
        // A generous budget: these tests are about what is sent and read, not about time (DegradedSearchTests are).
        _host = SolrHost.Create(_solr.CoreUrl, budget: TimeSpan.FromSeconds(4));
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _solr.DisposeAsync();
    }

    [Fact]
    public async Task ASearchIsOneJsonRequestWithEdismaxTaggedFiltersMultiSelectFacetsAndHighlighting()
    {
        _solr.Answer = _ => (200, "select-no-match.json", TimeSpan.Zero);

        await _host.Engine.SearchAsync(Query("Hot Sauce", SearchSort.Price, categories: ["Hot Sauces", "Men's \"Best\""], brands: ["Blair's"],
            min: 5m, max: 19.5m, page: 2, pageSize: 10), default);

        var request = Assert.Single(_solr.IndexRequests);
        Assert.Equal(("POST", "/solr/products/select"), (request.Method, request.PathAndQuery));
        var expected = JsonNode.Parse("""
            {
              "params": {
                "defType": "edismax", "uf": "-*", "lowercaseOperators": false, "q.alt": "*:*",
                "qf": "name^5 brand_text^2 category_text^2 description^1 skus^1", "pf": "name^10", "mm": "100%", "tie": "0.1",
                "timeAllowed": 3000,
                "q": "hot sauce", "bq": "name_exact:\"hot sauce\"^50",
                "hl": true, "hl.fl": "name,description", "hl.encoder": "html", "hl.tag.pre": "<em>", "hl.tag.post": "</em>", "hl.fragsize": 100
              },
              "filter": [
                "index_generation:\"filled-generation\"",
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
        _solr.Answer = _ => (200, "select-facets-highlighting.json", TimeSpan.Zero);

        var hits = await _host.Engine.SearchAsync(Query("hot sauce", pageSize: 2), default);

        Assert.Equal(7, hits.TotalCount);
        Assert.Equal([2L, 11L], hits.Items.Select(i => i.Id));
        var first = hits.Items[0];
        Assert.Equal(("SKU-000002", 12.99m, 8.99m, "Blair's"), (first.Sku, first.Price, first.SalePrice, first.Brand));
        Assert.Equal(["Hot Sauces", "Clearance"], first.Categories);
        Assert.Equal("Sudden Death <em>Hot</em> <em>Sauce</em> by Blair&#x27;s &amp; co", first.Highlights["description"]);
        Assert.Equal((null, null, null), (hits.Items[1].Description, hits.Items[1].SalePrice, hits.Items[1].Url));
        Assert.Equal([new FacetCount("Hot Sauces", 7), new FacetCount("Clearance", 2)], hits.Facets.Category);
        Assert.Equal([new FacetCount("Blair's", 4), new FacetCount("Heat Clinic", 3)], hits.Facets.Brand);
        Assert.Equal([5L, 2L, 0L, 0L, 0L], hits.Facets.Price.Select(p => p.Count));
        Assert.Equal((100m, (decimal?)null), (hits.Facets.Price[^1].From, hits.Facets.Price[^1].To));
    }

    [Fact]
    public async Task ANoMatchStillCarriesTheBucketsOfTheFacetsItsFiltersAreExcludedFrom()
    {
        _solr.Answer = _ => (200, "select-no-match.json", TimeSpan.Zero);

        var hits = await _host.Engine.SearchAsync(Query("hot sauce", categories: ["Gifts"]), default);

        Assert.Equal((0L, 0), (hits.TotalCount, hits.Items.Count));
        // Multi-select: the other categories' counts, as if Gifts were not chosen.
        Assert.Equal([new FacetCount("Hot Sauces", 7), new FacetCount("Clearance", 2)], hits.Facets.Category);
        Assert.Equal([new FacetCount("Heat Clinic", 3)], hits.Facets.Brand);
        Assert.All(hits.Facets.Price, p => Assert.Equal(0, p.Count));
    }

    [Fact]
    public async Task AShoppersOperatorsAreWordsAsOnTheEmbeddedEngine()
    {
        _solr.Answer = _ => (200, "select-no-match.json", TimeSpan.Zero);

        await _host.Engine.SearchAsync(Query("Hoodie -XL \"red\" AND blue* name:x~2 (a||b)"), default);

        var parameters = JsonNode.Parse(Assert.Single(_solr.IndexRequests).Body)!["params"]!;
        Assert.Equal("hoodie \\-xl \\\"red\\\" and blue\\* name\\:x\\~2 \\(a\\|\\|b\\)", (string?)parameters["q"]);
        Assert.False((bool)parameters["lowercaseOperators"]!);
    }

    [Fact]
    public async Task PartialResultsAreATimeoutAndErrorsCarrySolrsMessage()
    {
        _solr.Answer = r => r.Body.Contains("zzz") ? (400, "error-undefined-field.json", TimeSpan.Zero) : (200, "select-partial-results.json", TimeSpan.Zero);

        await Assert.ThrowsAsync<SolrTimeoutException>(() => _host.Engine.SearchAsync(Query("sauce"), default));
        var error = await Assert.ThrowsAsync<SolrException>(() => _host.Engine.SearchAsync(Query("zzz"), default));

        Assert.Equal(400, error.Code);
        Assert.Contains("undefined field effective_price", error.Message);
    }

    [Fact]
    public async Task AWordOfASynonymGroupBecomesTheGroupAndAMultiWordMemberAPhrase()
    {
        _solr.Answer = _ => (200, "select-no-match.json", TimeSpan.Zero);

        await _host.Engine.SearchAsync(Query("Scorcher, sweatshirt!", synonyms: [["sweatshirt", "hoodie"], ["scorcher", "sudden death", "t-shirt"]]), default);

        Assert.Equal("(scorcher OR \"sudden death\" OR t\\-shirt) (sweatshirt OR hoodie)",
            (string?)JsonNode.Parse(Assert.Single(_solr.IndexRequests).Body)!["params"]!["q"]);
    }

    [Fact]
    public async Task SuggestAsksForNamesMatchingTheWordsTheLastAsAPrefix()
    {
        _solr.Answer = _ => (200, "select-facets-highlighting.json", TimeSpan.Zero);

        var names = await _host.Engine.SuggestAsync("Sudden DEA", 1, default);

        Assert.Equal(["Sudden Death Hot Sauce"], names);
        var body = JsonNode.Parse(Assert.Single(_solr.IndexRequests).Body)!;
        Assert.Equal("{!lucene q.op=AND df=name_suggest}sudden dea*", (string?)body["query"]);
        Assert.Equal("index_generation:\"filled-generation\"", (string?)body["filter"]![0]);
        Assert.Equal("score desc,name_sort asc", (string?)body["sort"]);
    }

    [Fact]
    public async Task SchemalessFieldCreationIsTurnedOffAndTheMissingFieldsAreAdded()
    {
        _solr.Answer = r => r.Method == "GET" ? (200, "schema-fields-default.json", TimeSpan.Zero) : (200, "update-ok.json", TimeSpan.Zero);

        await _host.Engine.InitializeAsync(default);

        var requests = _solr.IndexRequests.ToList();
        Assert.Equal([("POST", "/solr/products/config"), ("POST", "/solr/products/config"), ("GET", "/solr/products/schema/fields?showDefaults=true"), ("POST", "/solr/products/schema")],
            requests.Select(r => (r.Method, r.PathAndQuery)));
        Assert.Equal("false", (string?)JsonNode.Parse(requests[0].Body)!["set-user-property"]!["update.autoCreateFields"]);
        var command = JsonNode.Parse(requests[3].Body)!.AsObject();
        Assert.Equal(["add-field"], command.Select(c => c.Key));
        Assert.Equal(SolrSchema.Fields.Count, command["add-field"]!.AsArray().Count);
        Assert.Contains(command["add-field"]!.AsArray(), f => (string?)f!["name"] == "effective_price" && (string?)f["type"] == "pdouble");
        Assert.True(await _host.Engine.IsFilledAsync(default));
    }

    [Fact]
    public async Task DidYouMeansSpellcheckerIsAddedOnceAndUpdatedOnLaterStarts()
    {
        _solr.Answer = r => r.Body.Contains("add-searchcomponent", StringComparison.Ordinal) ? (400, "error-already-exists.json", TimeSpan.Zero)
            : r.Method == "GET" ? (200, "schema-fields-default.json", TimeSpan.Zero) : (200, "update-ok.json", TimeSpan.Zero);

        await _host.Engine.InitializeAsync(default);

        var config = _solr.IndexRequests.Where(r => r.PathAndQuery == "/solr/products/config").Select(r => JsonNode.Parse(r.Body)!.AsObject()).ToList();
        Assert.Equal(["set-user-property", "add-searchcomponent", "update-searchcomponent"], config.Select(c => c.First().Key));
        var spellchecker = config[2]["update-searchcomponent"]!["spellchecker"]!;
        Assert.Equal(("solr.DirectSolrSpellChecker", "name_suggest"), ((string?)spellchecker["classname"], (string?)spellchecker["field"]));
        Assert.Equal("/platform-spell", (string?)config[2]["update-requesthandler"]!["name"]);
    }

    [Fact]
    public async Task DidYouMeanTriesTheCollationWithTheSearchsParserAndFiltersAndReturnsOneThatFindsProducts()
    {
        _solr.Answer = r => (200, r.PathAndQuery.EndsWith("/platform-spell", StringComparison.Ordinal) ? "spellcheck-collation.json" : "update-ok.json", TimeSpan.Zero);

        var corrected = await _host.Engine.CorrectAsync(Query("Sudden DETH!", categories: ["Hot Sauces"]), default);

        Assert.Equal("sudden death", corrected);
        var request = JsonNode.Parse(Assert.Single(_solr.IndexRequests).Body)!;
        Assert.Equal(("sudden deth", "sudden deth", "edismax", "names"), ((string?)request["params"]!["q"], (string?)request["params"]!["spellcheck.q"],
            (string?)request["params"]!["defType"], (string?)request["params"]!["spellcheck.dictionary"]));
        Assert.Equal(5, (int)request["params"]!["spellcheck.maxCollationTries"]!);
        Assert.Equal(["index_generation:\"filled-generation\"", "{!tag=category}category:(\"Hot Sauces\")"], request["filter"]!.AsArray().Select(f => (string?)f));
    }

    [Fact]
    public async Task ASchemaApiErrorSaysWhatWentWrongWithEachCommand()
    {
        _solr.Answer = r => r.PathAndQuery.EndsWith("/schema", StringComparison.Ordinal) ? (400, "error-schema-api.json", TimeSpan.Zero)
            : r.Method == "GET" ? (200, "schema-fields-default.json", TimeSpan.Zero) : (200, "update-ok.json", TimeSpan.Zero);

        var error = await Assert.ThrowsAsync<SolrException>(() => _host.Engine.InitializeAsync(default));

        Assert.Equal(400, error.Code);
        Assert.Equal("Solr error 400: error processing commands: Field 'effective_price' already exists.", error.Message);
    }

    [Fact]
    public async Task FieldsSchemalessModeCreatedWithTheWrongTypeAreReplacedAndTheIndexMustBeFilledAgain()
    {
        _solr.Answer = r => r.Method == "GET" ? (200, "schema-fields-schemaless.json", TimeSpan.Zero) : (200, "update-ok.json", TimeSpan.Zero);

        await _host.Engine.InitializeAsync(default);

        var command = JsonNode.Parse(_solr.IndexRequests.Last().Body)!;
        var replaced = command["replace-field"]!.AsArray();
        Assert.Equal(["brand", "name", "price", "product_id"], replaced.Select(f => (string)f!["name"]!).Order());
        Assert.Contains(replaced, f => (string?)f!["name"] == "price" && (string?)f["type"] == "pdouble" && (bool)f["multiValued"]! == false);
        Assert.Equal(SolrSchema.Fields.Count - 4, command["add-field"]!.AsArray().Count);
        Assert.False(await _host.Engine.IsFilledAsync(default));
        Assert.Equal(SearchHits.Empty, await _host.Engine.SearchAsync(Query("sauce"), default));
    }

    [Fact]
    public async Task AReindexWritesANewGenerationUnderTheLeaseAndOnlyItsFinalCommitMakesItLive()
    {
        var products = Enumerable.Range(1, 2_500).Select(i => Product(i, $"Product {i}", 5m + i % 50)).ToList();

        var count = await _host.Engine.ReplaceAllAsync(Stream(products), default);

        var requests = _solr.IndexRequests.ToList();
        Assert.Equal(2_500, count);
        Assert.Equal(["/solr/products/update", "/solr/products/update", "/solr/products/update", "/solr/products/update"], requests.Select(r => r.PathAndQuery));
        Assert.Equal($"*:* -id:\"_platform_index_state\" -index_generation:\"{StubSolr.FilledGeneration}\"",
            (string?)JsonNode.Parse(requests[0].Body)!["delete"]!["query"]);
        var batches = requests.Skip(1).Select(r => JsonNode.Parse(r.Body)!.AsArray()).ToList();
        Assert.Equal([1_000, 1_000, 500], batches.Select(b => b.Count));
        var generation = (string?)batches[0][0]!["index_generation"];
        Assert.All(batches.SelectMany(b => b), d => Assert.Equal(generation, (string?)d!["index_generation"]));
        Assert.Equal($"{generation}/4", (string?)batches[0][3]!["id"]);
        Assert.Equal(9m, (decimal)batches[0][3]!["effective_price"]!);
        // Live once the commit that makes the documents visible is done, and the lease is free again.
        Assert.Equal("/solr/products/update?versions=true&commit=true", _solr.Requests.Last().PathAndQuery);
        Assert.Equal(generation, _solr.LiveGeneration);
        Assert.Null((string?)JsonNode.Parse(_solr.State!.Value.Json)!["leaseOwner"]);
    }

    [Fact]
    public async Task AReindexFailingHalfwayLeavesThePreviousIndexServingAlsoAfterAProductChangeCommits()
    {
        var batches = 0;
        // A document Solr refuses (400: not retried), in the second batch.
        _solr.Answer = r => r.PathAndQuery == "/solr/products/update" && r.Body.StartsWith('[') && ++batches >= 2
            ? (400, "error-undefined-field.json", TimeSpan.Zero)
            : (200, r.PathAndQuery == "/solr/products/select" ? "select-no-match.json" : "update-ok.json", TimeSpan.Zero);
        var products = Enumerable.Range(1, 2_500).Select(i => Product(i, $"Product {i}", 5m)).ToList();

        await Assert.ThrowsAsync<SolrException>(() => _host.Engine.ReplaceAllAsync(Stream(products), default));
        await _host.Engine.UpsertAsync(Product(7, "Green Ghost", 7m), default);
        await _host.Engine.SearchAsync(Query("ghost"), default);

        Assert.Equal(StubSolr.FilledGeneration, _solr.LiveGeneration);
        Assert.Null((string?)JsonNode.Parse(_solr.State!.Value.Json)!["leaseOwner"]);
        var change = _solr.IndexRequests.Single(r => r.PathAndQuery.StartsWith("/solr/products/update?commitWithin", StringComparison.Ordinal));
        Assert.Equal([$"{StubSolr.FilledGeneration}/7"], JsonNode.Parse(change.Body)!.AsArray().Select(d => (string?)d!["id"]));
        var search = JsonNode.Parse(_solr.IndexRequests.Last().Body)!;
        Assert.Equal($"index_generation:\"{StubSolr.FilledGeneration}\"", (string?)search["filter"]![0]);
        Assert.True(await _host.Engine.IsFilledAsync(default));
    }

    [Fact]
    public async Task AnInterruptedFirstFillIsNotAFilledIndexAndTheNextReindexTakesOverItsExpiredLease()
    {
        await using var empty = await StubSolr.StartAsync(filled: false);
        using var replica = SolrHost.Create(empty.CoreUrl, TimeSpan.FromSeconds(4));
        // A replica died while filling: its generation half written, its lease run out.
        empty.SetState(live: null, building: "dead-replicas-generation", leaseOwner: "pod-1/dead", leaseUntil: DateTimeOffset.UtcNow.AddSeconds(-1));

        var filledBefore = await replica.Engine.IsFilledAsync(default);
        var count = await replica.Engine.ReplaceAllAsync(Stream([Product(1, "Green Ghost", 7m)]), default);

        Assert.False(filledBefore);
        Assert.Equal(1, count);
        Assert.True(await replica.Engine.IsFilledAsync(default));
        Assert.Equal("*:* -id:\"_platform_index_state\"", (string?)JsonNode.Parse(empty.IndexRequests.First().Body)!["delete"]!["query"]);
        Assert.NotEqual("dead-replicas-generation", empty.LiveGeneration);
    }

    [Fact]
    public async Task TwoReplicasOnOneCoreNeverReindexAtOnce()
    {
        using var other = SolrHost.Create(_solr.CoreUrl, TimeSpan.FromSeconds(4));
        var release = new TaskCompletionSource();
        async IAsyncEnumerable<Catalog.ProductDocument> Slow()
        {
            yield return Product(1, "Green Ghost", 7m);
            await release.Task;
            yield return Product(2, "Red Ghost", 8m);
        }

        var first = _host.Engine.ReplaceAllAsync(Slow(), default);
        await Eventually.TrueAsync(() => _solr.State is { } state && JsonNode.Parse(state.Json)!["leaseOwner"] is not null, "a lease taken on the core", TimeSpan.FromSeconds(10));
        var refused = await Assert.ThrowsAsync<SolrLeaseException>(() => other.Engine.ReplaceAllAsync(Stream([Product(3, "Blue Ghost", 9m)]), default));
        release.SetResult();
        var count = await first;

        Assert.Contains("Another Search.Api replica", refused.Message, StringComparison.Ordinal);
        Assert.Equal(2, count);
        Assert.DoesNotContain(_solr.IndexRequests, r => r.Body.Contains("Blue Ghost", StringComparison.Ordinal));
        Assert.Equal(2, await other.Engine.ReplaceAllAsync(Stream([Product(3, "Blue Ghost", 9m), Product(4, "Gold Ghost", 9m)]), default));
    }

    [Fact]
    public async Task AProductChangeDuringAReindexGoesToTheLiveAndTheBuildingGenerationWithinTheVisibilityBound()
    {
        _solr.SetState(StubSolr.FilledGeneration, building: "building-generation", leaseOwner: "pod-2/other", leaseUntil: DateTimeOffset.UtcNow.AddMinutes(1));

        await _host.Engine.UpsertAsync(Product(7, "Green Ghost", 7m), default);
        await _host.Engine.DeleteAsync(8, default);

        var requests = _solr.IndexRequests.ToList();
        Assert.Equal(["/solr/products/update?commitWithin=1000", "/solr/products/update?commitWithin=1000"], requests.Select(r => r.PathAndQuery));
        Assert.Equal([$"{StubSolr.FilledGeneration}/7", "building-generation/7"], JsonNode.Parse(requests[0].Body)!.AsArray().Select(d => (string?)d!["id"]));
        Assert.Equal("""{"delete":{"query":"product_id:8"}}""", requests[1].Body);
    }
}
