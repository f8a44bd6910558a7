using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json;
using AppHost.Security;

namespace Platform.IntegrationTests;

/// <summary>
/// Every API against the same table of tokens: only a valid token for the service, from the trusted issuer and key, with
/// the endpoint's role or scope, gets through; a browser may read reports only from the admin UI's origin.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ApiSecurityTests(PlatformFixture platform)
{
    private const string AdminUiOrigin = "http://localhost:5173";

    /// <summary>An endpoint, what it requires (the admin role, or a scope) and the status a valid call gets.</summary>
    private sealed record Api(string Service, string Path, string? Scope, HttpStatusCode Served)
    {
        public bool NeedsAdmin => Scope is null;
    }

    private static readonly Dictionary<string, Api> Apis = new()
    {
        ["reports"] = new("reporting-api", "/api/reports/orders/status?startDate=2025-01-01&endDate=2025-01-31", null, HttpStatusCode.OK),
        ["dead letters"] = new("notifications-worker", "/api/dead-letters?eventId=none", null, HttpStatusCode.OK),
        ["devices"] = new("notifications-worker", "/api/devices?customerId=1", "devices", HttpStatusCode.OK),
        ["search"] = new("search-api", "/api/search?q=sauce", "search", HttpStatusCode.OK),
        ["search index"] = new("search-api", "/api/search/index", null, HttpStatusCode.OK),
        ["search analytics"] = new("search-api", "/api/search/analytics/zero-results", null, HttpStatusCode.OK),
    };

    private static readonly string[] Tokens =
        ["none", "not a JWT", "expired", "wrong issuer", "wrong audience", "wrong key", "alg none", "HS256 with the public key", "missing role or scope", "valid"];

    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var api in Apis.Keys)
        {
            foreach (var token in Tokens)
            {
                cases.Add(api, token);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task OnlyAValidTokenWithTheRightRoleOrScopeIsServed(string api, string token)
    {
        var endpoint = Apis[api];
        var expected = token switch
        {
            "valid" => endpoint.Served,
            "missing role or scope" => HttpStatusCode.Forbidden,
            _ => HttpStatusCode.Unauthorized,
        };

        using var http = platform.CreateServiceClient(endpoint.Service, await TokenAsync(token, endpoint));
        using var response = await http.GetAsync(endpoint.Path);

        Assert.True(expected == response.StatusCode, $"{api} with {token}: {(int)response.StatusCode}");
    }

    [Fact]
    public async Task BrowsersMayReadReportsFromTheAdminUiOnly()
    {
        using var http = platform.CreateServiceClient("reporting-api", "");

        using var allowed = await http.SendAsync(Preflight(AdminUiOrigin));
        using var refused = await http.SendAsync(Preflight("https://evil.example"));

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal(AdminUiOrigin, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("authorization", allowed.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Preflight(string origin) => new(HttpMethod.Options, Apis["reports"].Path)
    {
        Headers =
        {
            { "Origin", origin },
            { "Access-Control-Request-Method", "GET" },
            { "Access-Control-Request-Headers", "authorization" },
        },
    };

    /// <summary>
    /// A valid token, and one without the role or scope, from the development identity provider's own endpoints: client
    /// credentials of the tools client (admin role) or the storefront; the authorization code flow for the test user
    /// without the admin role. The others signed with the provider's current key, each wrong in one way.
    /// </summary>
    private async Task<string> TokenAsync(string kind, Api api)
    {
        var issuer = platform.Tokens();
        var audience = api.Service;
        // What the endpoint needs, and everything else a token could carry.
        string[] roles = api.NeedsAdmin ? ["admin"] : [];
        string[] scopes = api.NeedsAdmin ? [] : [api.Scope!];
        var lifetime = TimeSpan.FromMinutes(5);
        return kind switch
        {
            "none" => "",
            "not a JWT" => "not-a-token",
            "expired" => issuer.CreateToken(audience, roles, scopes, TimeSpan.FromMinutes(10), issuedAt: DateTime.UtcNow.AddHours(-1)),
            "wrong issuer" => issuer.CreateToken(audience, roles, scopes, lifetime, issuer: "https://login.example.com/other-tenant"),
            "wrong audience" => issuer.CreateToken(audience == "search-api" ? "reporting-api" : "search-api", roles, scopes, lifetime),
            "wrong key" => new DevelopmentTokenIssuer(new Uri(issuer.Issuer)).CreateToken(audience, roles, scopes, lifetime),
            "alg none" => Unsigned(issuer.Issuer, audience, roles, scopes),
            // The key-confusion attack: HMAC keyed with the provider's public key, which anyone can know.
            "HS256 with the public key" => SignedWithHmac(issuer.Issuer, audience, roles, scopes, Convert.FromBase64String(issuer.PublicKey)),
            "missing role or scope" when api.NeedsAdmin => await platform.SignInAsync("viewer", [audience]),
            // The tools client's token for the service, without the storefront's scope.
            "missing role or scope" => await platform.ClientTokenAsync(DevelopmentIdentity.Tools, [audience]),
            "valid" when api.NeedsAdmin => await platform.ClientTokenAsync(DevelopmentIdentity.Tools, [audience]),
            "valid" => await platform.ClientTokenAsync(DevelopmentIdentity.Storefront, [api.Scope!]),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    private static string Unsigned(string issuer, string audience, string[] roles, string[] scopes) =>
        $"{Encoded("""{"alg":"none","typ":"JWT"}""")}.{Encoded(Claims(issuer, audience, roles, scopes))}.";

    private static string SignedWithHmac(string issuer, string audience, string[] roles, string[] scopes, byte[] secret)
    {
        var unsigned = $"{Encoded("""{"alg":"HS256","typ":"JWT"}""")}.{Encoded(Claims(issuer, audience, roles, scopes))}";
        return $"{unsigned}.{Base64Url.EncodeToString(System.Security.Cryptography.HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(unsigned)))}";
    }

    private static string Claims(string issuer, string audience, string[] roles, string[] scopes)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = issuer, ["aud"] = audience, ["sub"] = "mallory", ["roles"] = roles,
            ["scope"] = string.Join(' ', scopes), ["iat"] = now, ["nbf"] = now, ["exp"] = now + 300,
        });
    }

    /// <summary>A JWT part: the JSON, base64url.</summary>
    private static string Encoded(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
}
