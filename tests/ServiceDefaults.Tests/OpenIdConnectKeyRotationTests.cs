using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace ServiceDefaults.Tests;

/// <summary>
/// Production validation against an OpenID Connect provider: keys come from its discovery document and JWKS, and a key
/// the provider starts signing with is picked up without restarting the service.
/// </summary>
public sealed class OpenIdConnectKeyRotationTests : IAsyncLifetime
{
    private readonly ECDsaSecurityKey _first = Key("first");
    private readonly ECDsaSecurityKey _second = Key("second");
    private volatile ECDsaSecurityKey[] _published = [];
    private WebApplication _provider = null!;
    private WebApplication _service = null!;
    private string _authority = null!;

    public async Task InitializeAsync()
    {
        _published = [_first];
        _provider = await StartAsync(WebApplication.CreateSlimBuilder(), app =>
        {
            app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, string>
            {
                ["issuer"] = _authority,
                ["jwks_uri"] = $"{_authority}/jwks",
            }));
            app.MapGet("/jwks", () => Results.Text(JsonSerializer.Serialize(new
            {
                keys = _published.Select(k => JsonWebKeyConverter.ConvertFromECDsaSecurityKey(k)).Select(j => new { j.Kty, j.Kid, j.Crv, j.X, j.Y, use = "sig", alg = "ES256" }),
            }, new JsonSerializerOptions(JsonSerializerDefaults.Web)), "application/json"));
        });
        _authority = Address(_provider);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["Authentication:Schemes:Bearer:Authority"] = _authority;
        builder.Configuration["Authentication:Schemes:Bearer:ValidAudiences:0"] = "reporting-api";
        builder.Configuration["Authentication:Schemes:Bearer:RequireHttpsMetadata"] = "false";
        builder.AddDefaultAuthentication();
        // The provider's documents are fetched again at most this often when an unknown key shows up (5 min by default).
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
            ((ConfigurationManager<OpenIdConnectConfiguration>)options.ConfigurationManager!).RefreshInterval = TimeSpan.FromSeconds(1));
        _service = await StartAsync(builder, app => app.MapGet("/report", () => "ok").RequireAuthorization());
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task TokensSignedWithTheProvidersKeysAreServedAndANewKeyIsPickedUpWithoutRestart()
    {
        Assert.Equal(HttpStatusCode.OK, await CallAsync(Token(_first)));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(Token(_second)));

        _published = [_first, _second];
        await Eventually.TrueAsync(async () => await CallAsync(Token(_second)) == HttpStatusCode.OK, "a token signed with the new key accepted",
            TimeSpan.FromSeconds(15));

        Assert.Equal(HttpStatusCode.OK, await CallAsync(Token(_first)));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(Token(_second, issuer: "https://someone-else.example")));
    }

    private async Task<HttpStatusCode> CallAsync(string token)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.GetAsync($"{Address(_service)}/report");
        return response.StatusCode;
    }

    private string Token(ECDsaSecurityKey key, string? issuer = null) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = issuer ?? _authority,
        Audience = "reporting-api",
        Subject = new ClaimsIdentity([new Claim("sub", "admin-ui")]),
        Expires = DateTime.UtcNow.AddMinutes(5),
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
    });

    private static ECDsaSecurityKey Key(string id) => new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = id };

    private static async Task<WebApplication> StartAsync(WebApplicationBuilder builder, Action<WebApplication> map)
    {
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return app;
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
}
