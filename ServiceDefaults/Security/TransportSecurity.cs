using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ServiceDefaults.Security;

/// <summary>
/// Data in transit: HTTPS endpoints speak TLS 1.2 and 1.3 only and optionally require client certificates from the
/// platform's CA (mTLS); outbound HttpClients speak TLS 1.2 and 1.3, trust servers with certificates from that CA, and
/// present this service's certificate when one is configured. Request bodies are capped. HTTPS itself is switched on by
/// the deployment (a Kestrel endpoint with a certificate, or TLS at the mesh or ingress).
/// </summary>
public static class TransportSecurity
{
    public const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    public static TBuilder AddTransportSecurity<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var options = builder.Configuration.GetSection(TransportOptions.SectionName).Get<TransportOptions>() ?? new TransportOptions();
        if (options.RequireClientCertificates && options.CertificateAuthority is null)
        {
            throw new InvalidOperationException("Transport:RequireClientCertificates needs Transport:CertificateAuthority.");
        }

        var authority = options.CertificateAuthority is { } authorityPath ? X509Certificate2.CreateFromPem(File.ReadAllText(authorityPath)) : null;
        var certificate = options.ClientCertificate is { } certificatePath
            ? X509Certificate2.CreateFromPemFile(certificatePath, options.ClientCertificateKey)
            : null;

        builder.Services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.ConfigureHttpsDefaults(https =>
            {
                https.SslProtocols = Protocols;
                if (options.RequireClientCertificates)
                {
                    https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                    https.ClientCertificateValidation = (caller, _, _) => IssuedBy(caller, authority!, ClientAuthentication);
                }
            });
        });

        if (authority is not null || certificate is not null)
        {
            builder.Services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions
                {
                    EnabledSslProtocols = Protocols,
                    ClientCertificates = certificate is null ? null : new X509CertificateCollection { certificate },
                    RemoteCertificateValidationCallback = (_, server, _, errors) => errors == SslPolicyErrors.None
                        || (errors == SslPolicyErrors.RemoteCertificateChainErrors && authority is not null && server is X509Certificate2 issued
                            && IssuedBy(issued, authority, ServerAuthentication)),
                },
            }));
        }

        return builder;
    }

    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    /// <summary>A chain from the certificate to the platform's CA alone (not the machine's roots), valid now, for <paramref name="usage"/>.</summary>
    private static bool IssuedBy(X509Certificate2 certificate, X509Certificate2 authority, Oid usage)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        // A private CA publishes no revocation lists; certificates are short-lived instead.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(usage);
        return chain.Build(certificate);
    }
}
