using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using ServiceDefaults.Security;

namespace Microsoft.Extensions.Hosting;

public static class Authentication
{
    /// <summary>Asymmetric algorithms only: <c>alg: none</c> and shared-secret HS* tokens are refused.</summary>
    public static readonly string[] AcceptedAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    /// <summary>
    /// OAuth2 JWT bearer validation bound from <c>Authentication:Schemes:Bearer</c> (Authority, ValidIssuer, ValidAudiences)
    /// plus any public keys in <c>Authentication:SigningKeys</c> (base64 SubjectPublicKeyInfo, EC or RSA): signature, issuer,
    /// audience and lifetime checked with a small clock skew. Valid tokens are remembered for a while
    /// (<see cref="CachingJsonWebTokenHandler"/>, <c>Authentication:TokenCache</c>).
    /// </summary>
    public static TBuilder AddDefaultAuthentication<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var tokenCache = builder.AddValidatedOptions<TokenCacheOptions, TokenCacheOptionsValidator>(TokenCacheOptions.SectionName);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            options.RequireHttpsMetadata = builder.Configuration.GetValue("Authentication:Schemes:Bearer:RequireHttpsMetadata", true);
            options.MapInboundClaims = false;
            options.TokenValidationParameters.ValidateIssuer = true;
            options.TokenValidationParameters.ValidateAudience = true;
            options.TokenValidationParameters.ValidateLifetime = true;
            options.TokenValidationParameters.RequireSignedTokens = true;
            options.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
            options.TokenValidationParameters.ValidAlgorithms = AcceptedAlgorithms;
            options.TokenValidationParameters.IssuerSigningKeys = ConfiguredSigningKeys(builder.Configuration);
            if (tokenCache.Entries > 0)
            {
                options.TokenHandlers.Clear();
                options.TokenHandlers.Add(new CachingJsonWebTokenHandler(tokenCache, TimeProvider.System) { MapInboundClaims = false });
            }
        });
        builder.Services.AddAuthorization();
        return builder;
    }

    /// <summary>
    /// A policy for authenticated callers whose token carries <paramref name="role"/> in the claim <paramref name="roleClaim"/>
    /// (each identity provider names its role claim its own way).
    /// </summary>
    public static TBuilder AddRolePolicy<TBuilder>(this TBuilder builder, string policy, string roleClaim, string role)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireClaim(roleClaim, role));
        return builder;
    }

    /// <summary>
    /// A policy for authenticated callers whose token grants <paramref name="scope"/>: OAuth2's space-separated
    /// <paramref name="scopeClaim"/> (<c>scope</c>; Entra ID names it <c>scp</c>).
    /// </summary>
    public static TBuilder AddScopePolicy<TBuilder>(this TBuilder builder, string policy, string scopeClaim, string scope)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireAssertion(context => context.User.FindAll(scopeClaim)
                .Any(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(scope, StringComparer.Ordinal))));
        return builder;
    }

    private static List<SecurityKey> ConfiguredSigningKeys(IConfiguration configuration) =>
        configuration.GetSection("Authentication:SigningKeys").Get<string[]>()?.Select(ToSecurityKey).ToList() ?? [];

    private static SecurityKey ToSecurityKey(string subjectPublicKeyInfo)
    {
        var der = Convert.FromBase64String(subjectPublicKeyInfo);
        try
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(der, out _);
            return new ECDsaSecurityKey(ecdsa);
        }
        catch (CryptographicException)
        {
            var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(der, out _);
            return new RsaSecurityKey(rsa);
        }
    }
}
