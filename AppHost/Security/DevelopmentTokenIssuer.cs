using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AppHost.Security;

/// <summary>
/// The development identity provider of a local run: a fresh ES256 key per AppHost run, whose public half the services
/// trust, and tokens for the admin UI's and the storefront's roles and scopes. Never part of the manifest.
/// </summary>
public sealed class DevelopmentTokenIssuer : IDisposable
{
    public const string Issuer = "https://localhost/platform-development";
    public const string RoleClaim = "roles";
    public const string ScopeClaim = "scope";

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>The public key as base64 SubjectPublicKeyInfo: what <c>Authentication:SigningKeys</c> takes.</summary>
    public string PublicKey => Convert.ToBase64String(_key.ExportSubjectPublicKeyInfo());

    public string CreateToken(string audience, IEnumerable<string> roles, IEnumerable<string> scopes, TimeSpan lifetime,
        string subject = "developer", DateTime? issuedAt = null, string issuer = Issuer)
    {
        var now = issuedAt ?? DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            [RoleClaim] = roles.ToArray(),
            [ScopeClaim] = string.Join(' ', scopes),
        };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject)]),
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(_key), SecurityAlgorithms.EcdsaSha256),
        });
    }

    public void Dispose() => _key.Dispose();
}
