using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AppHost.Security;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Platform.IntegrationTests;

/// <summary>
/// The development identity provider is a real OpenID Connect provider: the services find its keys through discovery
/// and JWKS, as in production, and follow when it restarts on a new key.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DevelopmentIdentityTests(PlatformFixture platform)
{
    private const string Report = "/api/reports/orders/status?startDate=2025-01-01&endDate=2025-01-31";

    [Fact]
    public async Task DiscoveryNamesTheIssuerTheFlowsAndAJwksWithTheSigningKey()
    {
        using var http = new HttpClient { BaseAddress = platform.Identity().Url };

        var discovery = await http.GetFromJsonAsync<JsonElement>(DevelopmentIdentityProvider.DiscoveryPath);
        var jwks = await http.GetFromJsonAsync<JsonElement>(discovery.GetProperty("jwks_uri").GetString());

        Assert.Equal(platform.Tokens().Issuer, discovery.GetProperty("issuer").GetString());
        Assert.Contains("authorization_code", Strings(discovery, "grant_types_supported"));
        Assert.Contains("client_credentials", Strings(discovery, "grant_types_supported"));
        Assert.Contains("S256", Strings(discovery, "code_challenge_methods_supported"));
        Assert.Contains(platform.Tokens().SigningKey.KeyId, jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()));
    }

    [Fact]
    public async Task TheReadmesCurlGetsAnAdminTokenForReportingApi()
    {
        // The README's command, on the port the provider has in this run.
        var token = JsonDocument.Parse(await CurlAsync(
            "-s", "--max-time", "10", $"{platform.Identity().Url}{DevelopmentIdentityProvider.TokenPath}",
            "-d", "grant_type=client_credentials", "-d", "client_id=platform-tools", "-d", "client_secret=platform-tools-secret",
            "-d", "scope=reporting-api")).RootElement.GetProperty("access_token").GetString()!;

        var claims = new JsonWebToken(token);
        Assert.Equal(platform.Tokens().Issuer, claims.Issuer);
        Assert.Equal(["reporting-api"], claims.Audiences);
        Assert.Equal("admin", claims.GetClaim("roles").Value);
        using var http = platform.CreateReportingClient(token);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(Report)).StatusCode);
    }

    [Theory]
    [InlineData("admin", HttpStatusCode.OK)]
    [InlineData("viewer", HttpStatusCode.Forbidden)] // signed in, without the admin role
    public async Task TheAdminUisSignInGivesTheTestUsersRoles(string user, HttpStatusCode served)
    {
        var token = await platform.SignInAsync(user, ["reporting-api"]);

        Assert.Equal(user, new JsonWebToken(token).Subject);
        using var http = platform.CreateReportingClient(token);
        Assert.Equal(served, (await http.GetAsync(Report)).StatusCode);
    }

    [Fact]
    public async Task TheDashboardCommandShowsATokenTheServiceAccepts()
    {
        var result = await platform.ExecuteCommandAsync("reporting-api", "development-token");

        Assert.True(result.Success, result.Message);
        Assert.True(result.Data!.DisplayImmediately);
        using var http = platform.CreateReportingClient(result.Data.Value);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(Report)).StatusCode);
    }

    [Fact]
    public async Task AfterARestartOnANewKeyTheServicesAcceptItsTokensWithoutRestarting()
    {
        var oldKey = platform.Tokens().SigningKey.KeyId;

        Assert.True((await platform.ExecuteCommandAsync("identity", "rotate-signing-key")).Success);

        // The provider publishes only its new key...
        using (var provider = new HttpClient { BaseAddress = platform.Identity().Url })
        {
            var discovery = await provider.GetFromJsonAsync<JsonElement>(DevelopmentIdentityProvider.DiscoveryPath);
            var jwks = await provider.GetFromJsonAsync<JsonElement>(discovery.GetProperty("jwks_uri").GetString());
            Assert.Equal([platform.Tokens().SigningKey.KeyId], jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()));
            Assert.NotEqual(oldKey, platform.Tokens().SigningKey.KeyId);
        }

        // ...and each service fetches it when a token names a key it does not know.
        foreach (var (service, path) in new[]
        {
            ("reporting-api", Report), ("notifications-worker", "/api/dead-letters?eventId=none"), ("search-api", "/api/search/index"),
        })
        {
            using var http = platform.CreateServiceClient(service, await platform.ClientTokenAsync(DevelopmentIdentity.Tools, [service]));
            await Eventually.EqualAsync([HttpStatusCode.OK], async () => [(await http.GetAsync(path)).StatusCode], $"{service} accepting the new key");
        }
    }

    private static IEnumerable<string?> Strings(JsonElement document, string property) =>
        document.GetProperty(property).EnumerateArray().Select(v => v.GetString());

    private static async Task<string> CurlAsync(params string[] arguments)
    {
        using var curl = Process.Start(new ProcessStartInfo("curl", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var output = await curl.StandardOutput.ReadToEndAsync(deadline.Token);
        await curl.WaitForExitAsync(deadline.Token);
        Assert.True(curl.ExitCode == 0, await curl.StandardError.ReadToEndAsync(deadline.Token));
        return output;
    }
}
