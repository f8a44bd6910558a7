namespace ServiceDefaults.Security;

/// <summary>How a service protects its connections (configuration section <c>Transport</c>).</summary>
public sealed class TransportOptions
{
    public const string SectionName = "Transport";

    /// <summary>
    /// mTLS: HTTPS endpoints require a client certificate issued by <see cref="CertificateAuthority"/>. Off by default;
    /// in Kubernetes a service mesh (Istio, Linkerd) usually provides mTLS instead, transparently.
    /// </summary>
    public bool RequireClientCertificates { get; set; }

    /// <summary>
    /// PEM file of the platform's private CA: callers' certificates must chain to it when
    /// <see cref="RequireClientCertificates"/> is on, and outbound calls trust servers whose certificates do (besides the
    /// system's roots, which public endpoints such as AWS use).
    /// </summary>
    public string? CertificateAuthority { get; set; }

    /// <summary>PEM certificate this service presents on its outbound HTTPS calls (with <see cref="ClientCertificateKey"/>).</summary>
    public string? ClientCertificate { get; set; }

    /// <summary>PEM private key of <see cref="ClientCertificate"/> (a mounted Kubernetes Secret, never configuration text).</summary>
    public string? ClientCertificateKey { get; set; }

    /// <summary>Largest request body accepted, in bytes; larger ones are refused with 413. No API here takes more than a small JSON.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;
}
