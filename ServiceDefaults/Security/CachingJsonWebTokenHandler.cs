using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ServiceDefaults.Security;

/// <summary>
/// Validates bearer tokens as <see cref="JsonWebTokenHandler"/> does and remembers the valid ones for a short while, as
/// API gateways do (Envoy's <c>jwt_cache_config</c>): a caller sends the same token with every request until it expires,
/// and checking its signature again each time (about 50 µs for ES256) was the largest part of a cached search's CPU.
/// Only tokens that passed every check are remembered, keyed by their exact text, each until the earlier of its own
/// expiry and <see cref="TokenCacheOptions.Lifetime"/> (which bounds how long a token stays accepted after its signing
/// key is withdrawn); at most <see cref="TokenCacheOptions.Entries"/> of them.
/// </summary>
public sealed class CachingJsonWebTokenHandler : JsonWebTokenHandler, IDisposable
{
    private readonly MemoryCache _validated;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _time;

    public CachingJsonWebTokenHandler(TokenCacheOptions options, TimeProvider time)
    {
        _validated = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Entries });
        _lifetime = options.Lifetime;
        _time = time;
    }

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = _time.GetUtcNow();
        if (_validated.TryGetValue(token, out Validated? validated) && now < validated!.Until)
        {
            return validated.Result();
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid)
        {
            var expires = result.SecurityToken.ValidTo == DateTime.MinValue ? DateTimeOffset.MaxValue : new DateTimeOffset(result.SecurityToken.ValidTo, TimeSpan.Zero);
            var until = now + _lifetime < expires ? now + _lifetime : expires;
            _validated.Set(token, new Validated(result, until), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = until });
        }

        return result;
    }

    public void Dispose() => _validated.Dispose();

    /// <summary>
    /// What a full check found, with an identity of its own taken before any request could add claims to one: each
    /// request gets a copy of it, so what one request adds never reaches the next.
    /// </summary>
    private sealed class Validated(TokenValidationResult checkedOnce, DateTimeOffset until)
    {
        private readonly ClaimsIdentity _identity = checkedOnce.ClaimsIdentity.Clone();

        public DateTimeOffset Until { get; } = until;

        public TokenValidationResult Result() => new()
        {
            IsValid = true,
            SecurityToken = checkedOnce.SecurityToken,
            ClaimsIdentity = _identity.Clone(),
            Issuer = checkedOnce.Issuer,
            TokenType = checkedOnce.TokenType,
        };
    }
}
