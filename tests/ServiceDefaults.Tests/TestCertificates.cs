using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ServiceDefaults.Tests;

/// <summary>A private CA, and server and client certificates made on the spot for TLS tests.</summary>
internal static class TestCertificates
{
    private static readonly DateTimeOffset From = DateTimeOffset.UtcNow.AddMinutes(-5);
    private static readonly DateTimeOffset Until = DateTimeOffset.UtcNow.AddHours(1);

    public static X509Certificate2 Authority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request.CreateSelfSigned(From, Until);
    }

    /// <summary>A server certificate for <c>localhost</c> issued by <paramref name="authority"/>, with its key (exportable for Kestrel).</summary>
    public static X509Certificate2 Server(X509Certificate2 authority)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = request.Create(authority, From, Until, RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
    }

    /// <summary>A client-authentication certificate issued by <paramref name="authority"/>, with its private key.</summary>
    public static X509Certificate2 Client(X509Certificate2 authority, string name)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var issued = request.Create(authority, From, Until, RandomNumberGenerator.GetBytes(8));
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>Writes the certificate (and its key, when it has one) as PEM files; returns their paths.</summary>
    public static (string Certificate, string Key) WritePem(X509Certificate2 certificate, string directory)
    {
        var name = Path.Combine(directory, Guid.NewGuid().ToString("N"));
        File.WriteAllText($"{name}.crt", certificate.ExportCertificatePem());
        if (certificate.GetECDsaPrivateKey() is { } key)
        {
            File.WriteAllText($"{name}.key", key.ExportPkcs8PrivateKeyPem());
        }

        return ($"{name}.crt", $"{name}.key");
    }
}
