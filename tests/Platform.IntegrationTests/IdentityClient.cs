using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AppHost.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.IntegrationTests;

/// <summary>Tokens from the development identity provider's own endpoints, as its clients get them.</summary>
internal static class IdentityClient
{
    /// <summary>The admin UI's redirect URI registered with the provider (AppHost settings).</summary>
    public const string AdminUiRedirectUri = "http://localhost:5173/callback";

    public static DevelopmentIdentityProvider Identity(this PlatformFixture platform) =>
        platform.App.Services.GetRequiredService<DevelopmentIdentityProvider>();

    public static DevelopmentTokenIssuer Tokens(this PlatformFixture platform) => platform.Identity().Tokens;

    public static Task<string> ClientTokenAsync(this PlatformFixture platform, DevelopmentClient client, string[] scopes) =>
        platform.Identity().RequestTokenAsync(client, scopes, CancellationToken.None);

    /// <summary>
    /// The admin UI's sign-in: the authorization code flow with PKCE, where the browser shows the provider's page and
    /// posts it with <paramref name="user"/>; the code from the redirect is then exchanged for the access token.
    /// </summary>
    public static async Task<string> SignInAsync(this PlatformFixture platform, string user, string[] scopes)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false })
        {
            BaseAddress = platform.Identity().Url,
            Timeout = TimeSpan.FromSeconds(10),
        };
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var state = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var authorize = new Dictionary<string, string>
        {
            ["client_id"] = DevelopmentIdentity.AdminUi.ClientId,
            ["response_type"] = "code",
            ["redirect_uri"] = AdminUiRedirectUri,
            ["scope"] = string.Join(' ', ["openid", .. scopes]),
            ["state"] = state,
            ["code_challenge"] = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))),
            ["code_challenge_method"] = "S256",
        };

        var page = await http.GetStringAsync($"{DevelopmentIdentityProvider.AuthorizePath}?{await new FormUrlEncodedContent(authorize).ReadAsStringAsync()}");
        Assert.Contains($"value=\"{user}\"", page, StringComparison.Ordinal);
        using var signedIn = await http.PostAsync(DevelopmentIdentityProvider.AuthorizePath,
            new FormUrlEncodedContent(authorize.Append(new(DevelopmentIdentityProvider.UserField, user))));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var redirect = System.Web.HttpUtility.ParseQueryString(signedIn.Headers.Location!.Query);
        Assert.Equal(state, redirect["state"]);

        using var exchanged = await http.PostAsync(DevelopmentIdentityProvider.TokenPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = DevelopmentIdentity.AdminUi.ClientId,
            ["code"] = redirect["code"]!,
            ["redirect_uri"] = AdminUiRedirectUri,
            ["code_verifier"] = verifier,
        }));
        var body = await exchanged.Content.ReadAsStringAsync();
        Assert.True(exchanged.IsSuccessStatusCode, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("access_token").GetString()!;
    }
}
