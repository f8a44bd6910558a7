using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Search.Api.Engine;
using Search.Api.Searching;

namespace Search.Api.Tests;

/// <summary>
/// The whole Search.Api (its Program, configured for Solr) against a stub core that goes away while the API runs: the
/// storefront keeps getting 200s, degraded and empty within a second, and real results again once Solr is back.
/// </summary>
[Collection(Timed.Name)]
public sealed class SearchApiOnSolrTests : IAsyncLifetime
{
    private const string Issuer = "https://issuer.test";
    private readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private StubSolr solr = null!;
    private WebApplicationFactory<Program> api = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        solr = await StubSolr.StartAsync();
        solr.Answer = SolrWithProducts;
        api = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web
            .UseSetting("ConnectionStrings:solr", solr.CoreUrl.ToString())
            // Nothing listens there: the indexer's catalog and events are not what this test is about.
            .UseSetting("ConnectionStrings:broadleaf", "Host=127.0.0.1;Port=9;Database=broadleaf;Username=search;Timeout=1")
            .UseSetting("ConnectionStrings:kafka", "127.0.0.1:9")
            .UseSetting("Search:Engine", "solr")
            .UseSetting("Search:Budget", "00:00:00.5")
            .UseSetting("Authentication:Schemes:Bearer:ValidIssuer", Issuer)
            .UseSetting("Authentication:Schemes:Bearer:ValidAudiences:0", "search-api")
            .UseSetting("Authentication:SigningKeys:0", Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()))
            .UseSetting("Logging:LogLevel:Default", "Critical"));
        http = api.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token());
        // Warm: the first call pays for JIT and connection set-up, which is not what this test measures.
        await SearchUntilAsync(r => !r.Degraded, TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await api.DisposeAsync();
        await solr.DisposeAsync();
        key.Dispose();
    }

    [Fact]
    public async Task WhileSolrIsAwayTheApiAnswersDegradedWithinASecondAndRecoversByItself()
    {
        var url = solr.CoreUrl;
        await solr.DisposeAsync();

        var stopwatch = Stopwatch.StartNew();
        using var response = await http.GetAsync("/api/search?q=hot+sauce&category=Hot+Sauces");
        var elapsed = stopwatch.Elapsed;
        var down = await response.Content.ReadFromJsonAsync<SearchResponse>(StubJson);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"took {elapsed}");
        Assert.True(down!.Degraded);
        Assert.Equal(SearchService.DegradedMessage, down.Message);
        Assert.Equal((0, 0L), (down.Items.Count, down.TotalCount));

        solr = await StubSolr.StartAsync(url.Port);
        solr.Answer = SolrWithProducts;
        var back = await SearchUntilAsync(r => !r.Degraded, TimeSpan.FromSeconds(15));
        Assert.Equal(7, back.TotalCount);
        Assert.Equal("Sudden Death Hot Sauce", back.Items[0].Name);
    }

    private static readonly System.Text.Json.JsonSerializerOptions StubJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    private static (int, string, TimeSpan) SolrWithProducts(StubSolr.Request request) =>
        (200, request.PathAndQuery.EndsWith("/schema/fields") ? "schema-fields-default.json" : "select-facets-highlighting.json", TimeSpan.Zero);

    private async Task<SearchResponse> SearchUntilAsync(Func<SearchResponse, bool> condition, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var response = await http.GetFromJsonAsync<SearchResponse>("/api/search?q=hot+sauce", StubJson, deadline.Token);
            if (condition(response!))
            {
                return response!;
            }

            await Task.Delay(200, deadline.Token);
        }
    }

    private string Token() => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = "search-api",
        Subject = new ClaimsIdentity([new Claim("sub", "storefront")]),
        Claims = new Dictionary<string, object> { ["scope"] = "search" },
        Expires = DateTime.UtcNow.AddHours(1),
        SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key), SecurityAlgorithms.EcdsaSha256),
    });
}
