using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace Platform.IntegrationTests;

[Collection(PlatformCollection.Name)]
public sealed class SearchIndexingTests(PlatformFixture platform)
{
    private const string ProductsTopic = "catalog.products";
    private static readonly TimeSpan IndexDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AProductChangeEventMakesTheChangeSearchableAndAnArchivedProductDisappears()
    {
        var catalog = await platform.SearchableCatalogAsync();
        await platform.WaitForIndexAsync(catalog.Count, TimeSpan.FromSeconds(90));
        var product = catalog.OrderBy(p => p.Id).Last();
        var word = "zq" + string.Concat(Enumerable.Range(0, 6).Select(_ => (char)('a' + Random.Shared.Next(26)))) + "k";
        using var http = platform.CreateSearchClient();
        await using var owner = await platform.OpenReplicaAsOwnerAsync();
        try
        {
            await owner.ExecuteAsync($"UPDATE blc_sku SET name = name || ' {word}' WHERE default_product_id = {product.Id}");
            // A broken event first: the indexer skips it and goes on with the next one.
            await platform.PublishAsync(ProductsTopic, product.Id.ToString(), "not a cloud event");
            await PublishChangedAsync(product.Id);

            var renamed = await http.WaitForSearchAsync($"q={word}", r => r.TotalCount == 1, IndexDeadline);
            Assert.Equal(product.Id, renamed.Items.Single().Id);
            Assert.Equal($"{product.Name} {word}", renamed.Items.Single().Name);

            await owner.ExecuteAsync($"UPDATE blc_product SET archived = 'Y' WHERE product_id = {product.Id}");
            await PublishChangedAsync(product.Id);

            await http.WaitForSearchAsync($"q={word}", r => r.TotalCount == 0, IndexDeadline);
        }
        finally
        {
            await owner.ExecuteAsync($"UPDATE blc_sku SET name = replace(name, ' {word}', '') WHERE default_product_id = {product.Id}");
            await owner.ExecuteAsync($"UPDATE blc_product SET archived = 'N' WHERE product_id = {product.Id}");
            await PublishChangedAsync(product.Id);
            await platform.WaitForIndexAsync(catalog.Count, IndexDeadline);
        }
    }

    [Fact]
    public async Task AReindexOnDemandRebuildsTheIndexFromTheCatalog()
    {
        var catalog = await platform.SearchableCatalogAsync();
        using var admin = platform.CreateSearchAdminClient();
        var before = DateTimeOffset.UtcNow;

        using var accepted = await admin.PostAsync("/api/search/index/reindex", null);
        var status = await WaitForReindexAfterAsync(admin, before);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("/api/search/index", accepted.Headers.Location?.OriginalString);
        Assert.Equal("lucene", status.Engine);
        Assert.Equal(catalog.Count, status.Products);
        Assert.Equal(catalog.Count, status.LastReindex!.Value.GetProperty("products").GetInt64());
    }

    private async Task PublishChangedAsync(long productId) =>
        await platform.PublishAsync(ProductsTopic, productId.ToString(), CommerceEventsClient.Envelope(Guid.NewGuid().ToString(),
            "catalog.product.changed.v1", new JsonObject { ["productId"] = productId, ["changedAt"] = DateTimeOffset.UtcNow }));

    private static Task<IndexStatus> WaitForReindexAfterAsync(HttpClient admin, DateTimeOffset startedAfter) =>
        Eventually.ValueAsync(async () => (await admin.GetFromJsonAsync<IndexStatus>("/api/search/index", SearchClient.Json))!,
            status => status is { Reindexing: false, LastReindex: { } last }
                && last.GetProperty("startedAt").GetDateTimeOffset() >= startedAfter
                && last.GetProperty("completedAt").ValueKind == JsonValueKind.String,
            $"a reindex started after {startedAfter:O} completed", IndexDeadline);
}
