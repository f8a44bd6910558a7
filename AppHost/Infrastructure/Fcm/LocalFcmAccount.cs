using System.Security.Cryptography;
using System.Text.Json;

namespace AppHost.Infrastructure.Fcm;

/// <summary>
/// The development Firebase project of a run: a fresh RSA service-account key whose JSON, in Google's format, points
/// Google.Apis.Auth at the local endpoint's token URI. The private half goes to the worker only; the endpoint checks
/// assertions with the public half.
/// </summary>
public sealed class LocalFcmAccount : IDisposable
{
    public const string ProjectId = "platform-local";
    public const string ClientEmail = "notifications-worker@platform-local.iam.gserviceaccount.com";

    private readonly RSA _key = RSA.Create(2048);

    public string KeyId { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    public RSA PublicKey => RSA.Create(_key.ExportParameters(includePrivateParameters: false));

    /// <summary>The service-account key file as Google issues it, with <paramref name="tokenUri"/> as its token URI.</summary>
    public string ServiceAccountJson(Uri tokenUri) => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["type"] = "service_account",
        ["project_id"] = ProjectId,
        ["private_key_id"] = KeyId,
        ["private_key"] = _key.ExportPkcs8PrivateKeyPem(),
        ["client_email"] = ClientEmail,
        ["client_id"] = "100000000000000000001",
        ["auth_uri"] = "https://accounts.google.com/o/oauth2/auth",
        ["token_uri"] = tokenUri.ToString(),
        ["universe_domain"] = "googleapis.com",
    });

    public void Dispose() => _key.Dispose();
}
