using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TestSupport;

/// <summary>
/// A whole service (its Program) in process, trusting a signing key of its own, with clients carrying tokens it signs:
/// for what a service decides alone (validation, authorization, degraded answers), in seconds and without the AppHost.
/// </summary>
public sealed class TestApiHost<TEntryPoint> : IAsyncDisposable
    where TEntryPoint : class
{
    private const string Issuer = "https://issuer.test";
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly string _audience;
    private readonly WebApplicationFactory<TEntryPoint> _factory;

    /// <param name="settings">Configuration, applied in order: a later value of a name wins.</param>
    public TestApiHost(string audience, IEnumerable<KeyValuePair<string, string>> settings)
    {
        _audience = audience;
        _factory = new WebApplicationFactory<TEntryPoint>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Authentication:Schemes:Bearer:ValidIssuer", Issuer)
                .UseSetting("Authentication:Schemes:Bearer:ValidAudiences:0", audience)
                .UseSetting("Authentication:SigningKeys:0", Convert.ToBase64String(_key.ExportSubjectPublicKeyInfo()))
                .UseSetting("Logging:LogLevel:Default", "Critical");
            foreach (var (name, value) in settings)
            {
                web.UseSetting(name, value);
            }
        });
    }

    /// <summary>A client whose token carries <paramref name="claims"/> (a scope, roles).</summary>
    public HttpClient CreateClient(IReadOnlyDictionary<string, object> claims)
    {
        var http = _factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = _audience,
            Subject = new ClaimsIdentity([new Claim("sub", "test-client")]),
            Claims = new Dictionary<string, object>(claims),
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
}
