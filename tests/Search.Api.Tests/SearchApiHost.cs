using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Search.Api.Tests;

/// <summary>The whole Search.Api (its Program) on a Solr core, trusting a key of its own, and clients with tokens it signs.</summary>
internal sealed class SearchApiHost : IAsyncDisposable
{
    private const string Issuer = "https://issuer.test";
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly WebApplicationFactory<Program> _factory;

    public SearchApiHost(Uri solrCore, IReadOnlyDictionary<string, string>? settings = null)
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:solr", solrCore.ToString())
                // Nothing listens there: the indexer's catalog and events are not what these tests are about.
                .UseSetting("ConnectionStrings:broadleaf", "Host=127.0.0.1;Port=9;Database=broadleaf;Username=search;Timeout=1")
                .UseSetting("ConnectionStrings:kafka", "127.0.0.1:9")
                .UseSetting("Search:Engine", "solr")
                .UseSetting("Authentication:Schemes:Bearer:ValidIssuer", Issuer)
                .UseSetting("Authentication:Schemes:Bearer:ValidAudiences:0", "search-api")
                .UseSetting("Authentication:SigningKeys:0", Convert.ToBase64String(_key.ExportSubjectPublicKeyInfo()))
                .UseSetting("Logging:LogLevel:Default", "Critical");
            foreach (var (name, value) in settings ?? new Dictionary<string, string>())
            {
                web.UseSetting(name, value);
            }
        });
    }

    /// <summary>A client whose token grants <paramref name="scope"/>.</summary>
    public HttpClient CreateClient(string scope = "search")
    {
        var http = _factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = "search-api",
            Subject = new ClaimsIdentity([new Claim("sub", "storefront")]),
            Claims = new Dictionary<string, object> { ["scope"] = scope },
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(_key), SecurityAlgorithms.EcdsaSha256),
        }));
        return http;
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        _key.Dispose();
    }

    /// <summary>How a stub core with products answers: its schema, and a page of results for any search.</summary>
    public static (int, string, TimeSpan) SolrWithProducts(StubSolr.Request request) =>
        (200, request.PathAndQuery.EndsWith("/schema/fields", StringComparison.Ordinal) ? "schema-fields-default.json" : "select-facets-highlighting.json", TimeSpan.Zero);
}
