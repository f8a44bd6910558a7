using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AppHost.Security;

/// <summary>
/// The signing key of the development identity provider, and its issuer: a fresh ES256 key per start of the provider,
/// published in its JWKS. Besides the provider's own tokens, tests and tools sign tokens of any shape with it (expired,
/// for another audience, ...) to check how the services treat them.
/// </summary>
public sealed class DevelopmentTokenIssuer(Uri issuer)
{
    private volatile ECDsaSecurityKey _key = NewKey();

    /// <summary>The provider's issuer URL, which its discovery document names and the services check.</summary>
    public string Issuer { get; } = issuer.ToString();

    /// <summary>The current signing key, with its key id as the JWKS publishes it.</summary>
    public ECDsaSecurityKey SigningKey => _key;

    /// <summary>The public key as base64 SubjectPublicKeyInfo.</summary>
    public string PublicKey => Convert.ToBase64String(_key.ECDsa.ExportSubjectPublicKeyInfo());

    /// <summary>Replaces the key, as a provider restarting with an ephemeral key does.</summary>
    public void Rotate() => _key = NewKey();

    public string CreateToken(string audience, IEnumerable<string> roles, IEnumerable<string> scopes, TimeSpan lifetime,
        string subject = "developer", DateTime? issuedAt = null, string? issuer = null)
    {
        var now = issuedAt ?? DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject)]),
            Claims = new Dictionary<string, object>
            {
                [DevelopmentIdentity.RoleClaim] = roles.ToArray(),
                ["scope"] = string.Join(' ', scopes),
            },
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.EcdsaSha256),
        });
    }

    private static ECDsaSecurityKey NewKey() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256))
    {
        KeyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
    };
}
