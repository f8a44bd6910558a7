using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ServiceDefaults.Security;

namespace ServiceDefaults.Tests;

/// <summary>
/// A remembered token is told apart from a fully checked one by validation parameters under which the full check fails
/// (no signing key): only the cache can then accept it.
/// </summary>
public sealed class CachingJsonWebTokenHandlerTests
{
    private const string Issuer = "https://login.example.com/";
    private readonly ECDsaSecurityKey _key = new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "k1" };
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task AValidTokenIsRememberedUntilTheCacheLifetimeEnds()
    {
        var handler = Handler(lifetime: TimeSpan.FromMinutes(1));
        var token = Token(expires: TimeSpan.FromMinutes(10));

        Assert.True((await handler.ValidateTokenAsync(token, Parameters(_key))).IsValid);
        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);

        _time.Advance(TimeSpan.FromSeconds(61));
        Assert.False((await handler.ValidateTokenAsync(token, Parameters())).IsValid);
    }

    [Fact]
    public async Task ARememberedTokenIsNotAcceptedPastItsOwnExpiry()
    {
        var handler = Handler(lifetime: TimeSpan.FromMinutes(10));
        var token = Token(expires: TimeSpan.FromMinutes(2));
        Assert.True((await handler.ValidateTokenAsync(token, Parameters(_key))).IsValid);

        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.False((await handler.ValidateTokenAsync(token, Parameters())).IsValid);
    }

    [Fact]
    public async Task OnlyTokensThatPassEveryCheckAreRemembered()
    {
        var handler = Handler(lifetime: TimeSpan.FromMinutes(1));
        var genuine = Token(expires: TimeSpan.FromMinutes(10));
        var tampered = genuine[..^4] + (genuine[^4..] == "AAAA" ? "BBBB" : "AAAA");
        var otherAudience = Token(expires: TimeSpan.FromMinutes(10), audience: "search-api");

        Assert.True((await handler.ValidateTokenAsync(genuine, Parameters(_key))).IsValid);
        Assert.False((await handler.ValidateTokenAsync(tampered, Parameters(_key))).IsValid);
        Assert.False((await handler.ValidateTokenAsync(otherAudience, Parameters(_key))).IsValid);
        Assert.False((await handler.ValidateTokenAsync(otherAudience, Parameters(_key))).IsValid);
    }

    [Fact]
    public async Task EachRequestGetsItsOwnCopyOfTheIdentity()
    {
        var handler = Handler(lifetime: TimeSpan.FromMinutes(1));
        var token = Token(expires: TimeSpan.FromMinutes(10));
        var checkedInFull = await handler.ValidateTokenAsync(token, Parameters(_key));
        checkedInFull.ClaimsIdentity.AddClaim(new Claim("role", "added-by-the-first-request"));

        var first = await handler.ValidateTokenAsync(token, Parameters());
        first.ClaimsIdentity.AddClaim(new Claim("role", "added-by-the-second-request"));
        var second = await handler.ValidateTokenAsync(token, Parameters());

        Assert.Equal("admin-ui", second.ClaimsIdentity.FindFirst("sub")?.Value);
        Assert.Null(second.ClaimsIdentity.FindFirst("role"));
        // Claim types still compared case-sensitively, as on a full check: "ROLES" is not "roles".
        Assert.IsType<CaseSensitiveClaimsIdentity>(second.ClaimsIdentity);
    }

    [Fact]
    public async Task TheCacheHoldsAtMostItsNumberOfEntries()
    {
        var handler = Handler(lifetime: TimeSpan.FromMinutes(1), entries: 1);
        var first = Token(expires: TimeSpan.FromMinutes(10), subject: "first");
        var second = Token(expires: TimeSpan.FromMinutes(10), subject: "second");

        Assert.True((await handler.ValidateTokenAsync(first, Parameters(_key))).IsValid);
        Assert.True((await handler.ValidateTokenAsync(second, Parameters(_key))).IsValid);

        var remembered = 0;
        foreach (var token in new[] { first, second })
        {
            remembered += (await handler.ValidateTokenAsync(token, Parameters())).IsValid ? 1 : 0;
        }

        Assert.Equal(1, remembered);
    }

    private CachingJsonWebTokenHandler Handler(TimeSpan lifetime, int entries = 100) =>
        new(new TokenCacheOptions { Entries = entries, Lifetime = lifetime }, _time);

    private string Token(TimeSpan expires, string audience = "reporting-api", string subject = "admin-ui") => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = audience,
        Subject = new ClaimsIdentity([new Claim("sub", subject)]),
        IssuedAt = _time.GetUtcNow().UtcDateTime,
        NotBefore = _time.GetUtcNow().UtcDateTime,
        Expires = _time.GetUtcNow().UtcDateTime + expires,
        SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.EcdsaSha256),
    });

    private static TokenValidationParameters Parameters(params SecurityKey[] keys) => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = "reporting-api",
        IssuerSigningKeys = keys,
        ValidateLifetime = true,
    };
}
