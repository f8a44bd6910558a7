using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServiceDefaults.Security;

namespace ServiceDefaults.Tests;

/// <summary>A service built with <see cref="TransportSecurity"/> on a real HTTPS port, called by real TLS clients.</summary>
public sealed class TransportSecurityTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("transport-tests").FullName;
    private readonly X509Certificate2 _authority = TestCertificates.Authority("Platform Test CA");
    private readonly X509Certificate2 _serverCertificate;

    public TransportSecurityTests() => _serverCertificate = TestCertificates.Server(_authority);

    public void Dispose()
    {
        _serverCertificate.Dispose();
        _authority.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Tls12And13ClientsAreServed(SslProtocols protocol)
    {
        await using var app = await StartAsync();

        Assert.Equal(protocol, await HandshakeAsync(app, protocol));
    }

    [Theory]
#pragma warning disable SYSLIB0039 // The obsolete protocols are what these tests offer, to see them refused.
    [InlineData(SslProtocols.Tls11)]
    [InlineData(SslProtocols.Tls)]
#pragma warning restore SYSLIB0039
    public async Task OlderTlsClientsAreRefused(SslProtocols protocol)
    {
        await using var app = await StartAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => HandshakeAsync(app, protocol));
    }

    [Fact]
    public async Task WithMutualTlsOnlyACertificateFromTheConfiguredAuthorityIsServed()
    {
        var (authorityPem, _) = TestCertificates.WritePem(_authority, _directory);
        await using var app = await StartAsync(new()
        {
            ["Transport:RequireClientCertificates"] = "true",
            ["Transport:CertificateAuthority"] = authorityPem,
        });
        using var trusted = TestCertificates.Client(_authority, "reporting-api");
        using var rogueAuthority = TestCertificates.Authority("Rogue CA");
        using var rogue = TestCertificates.Client(rogueAuthority, "reporting-api");

        Assert.Equal(HttpStatusCode.OK, await GetAsync(app, trusted));
        await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(app, clientCertificate: null));
        await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(app, rogue));
    }

    [Fact]
    public async Task OutboundClientsPresentTheConfiguredCertificate()
    {
        var (authorityPem, _) = TestCertificates.WritePem(_authority, _directory);
        using var certificate = TestCertificates.Client(_authority, "search-api");
        var (certificatePem, keyPem) = TestCertificates.WritePem(certificate, _directory);
        // The service requires client certificates and calls itself through its own HttpClientFactory.
        await using var app = await StartAsync(new()
        {
            ["Transport:RequireClientCertificates"] = "true",
            ["Transport:CertificateAuthority"] = authorityPem,
            ["Transport:ClientCertificate"] = certificatePem,
            ["Transport:ClientCertificateKey"] = keyPem,
        });
        using var http = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient();

        // Its handler trusts the server's certificate (from the platform CA) and presents its own.
        using var response = await http.GetAsync(Address(app) + "/hello");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hello CN=search-api", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OverLargeBodiesAreRefused()
    {
        await using var app = await StartAsync();
        using var http = Client(clientCertificate: null);

        using var small = await http.PostAsync(Address(app) + "/echo", new ByteArrayContent(new byte[1024]));
        using var large = await http.PostAsync(Address(app) + "/echo", new ByteArrayContent(new byte[65 * 1024]));

        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
    }

    private async Task<WebApplication> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.AddTransportSecurity();
        builder.Services.AddHttpClient();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(_serverCertificate)));
        var app = builder.Build();
        app.MapGet("/hello", (HttpContext context) => $"hello {context.Connection.ClientCertificate?.Subject ?? "anonymous"}");
        app.MapPost("/echo", async (HttpRequest request) => (await new StreamReader(request.Body).ReadToEndAsync()).Length);
        await app.StartAsync();
        return app;
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().Replace("127.0.0.1", "localhost");

    private async Task<SslProtocols> HandshakeAsync(WebApplication app, SslProtocols protocol)
    {
        var uri = new Uri(Address(app));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, uri.Port);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = protocol,
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == _serverCertificate.GetCertHashString(),
        });
        return tls.SslProtocol;
    }

    private async Task<HttpStatusCode> GetAsync(WebApplication app, X509Certificate2? clientCertificate)
    {
        using var http = Client(clientCertificate);
        using var response = await http.GetAsync(Address(app) + "/hello");
        return response.StatusCode;
    }

    private HttpClient Client(X509Certificate2? clientCertificate)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == _serverCertificate.GetCertHashString(),
                ClientCertificates = clientCertificate is null ? null : new X509CertificateCollection { clientCertificate },
            },
        };
        return new HttpClient(handler);
    }
}
