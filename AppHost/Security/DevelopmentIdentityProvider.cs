using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Text.Json;
using AppHost.Infrastructure;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AppHost.Security;

/// <summary>
/// The development identity provider (OpenIddict): OpenID Connect discovery and JWKS, client credentials for tools and
/// the storefront, and the authorization code flow with PKCE for the admin UI, whose test users sign in with one click.
/// Its clients live in an in-memory store filled at each start. It signs with a fresh key per run; its dashboard command
/// restarts it on a new one (<see cref="DevelopmentTokenIssuer.Rotate"/>), as a real provider's key rollover does.
/// </summary>
public sealed class DevelopmentIdentityProvider : LocalHttpEndpoint
{
    public const string AuthorizePath = "connect/authorize";
    public const string TokenPath = "connect/token";
    public const string DiscoveryPath = ".well-known/openid-configuration";

    /// <summary>The form field of the sign-in page naming the test user.</summary>
    public const string UserField = "development_user";

    /// <param name="port">The loopback port; 0 takes a free one. Known before the start, since it is part of the issuer.</param>
    public DevelopmentIdentityProvider(int port)
    {
        Port = port == 0 ? FreeLoopbackPort() : port;
        Tokens = new DevelopmentTokenIssuer(new Uri($"http://127.0.0.1:{Port}/"));
    }

    public DevelopmentTokenIssuer Tokens { get; }

    protected override void ConfigureServices(IServiceCollection services)
    {
        // A new store per start: a restarted provider forgets its codes and tokens, and registers its clients again.
        var store = $"development-identity-{Guid.NewGuid():N}";
        services.AddDbContext<DbContext>(options => options.UseInMemoryDatabase(store).UseOpenIddict());
        services.AddCors();
        services.AddOpenIddict()
            .AddCore(options => options.UseEntityFrameworkCore().UseDbContext<DbContext>())
            .AddServer(options =>
            {
                options.SetIssuer(new Uri(Tokens.Issuer))
                    .SetAuthorizationEndpointUris(AuthorizePath)
                    .SetTokenEndpointUris(TokenPath)
                    .AllowClientCredentialsFlow()
                    .AllowAuthorizationCodeFlow()
                    .RequireProofKeyForCodeExchange()
                    .RegisterScopes([.. DevelopmentIdentity.AudienceOfScope.Keys])
                    .AddSigningKey(Tokens.SigningKey)
                    // Authorization codes stay encrypted; access tokens are plain JWTs any resource server validates.
                    .AddEphemeralEncryptionKey()
                    .DisableAccessTokenEncryption();
                options.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    // Loopback only, in development: the services fetch its documents over plain HTTP.
                    .DisableTransportSecurityRequirement();
            });
    }

    protected override void Use(IApplicationBuilder app)
    {
        // Browser apps on this machine (the admin UI) read the discovery document and JWKS and redeem their code from
        // their own origin: CORS before OpenIddict, which answers those requests in the authentication middleware.
        app.UseCors(policy => policy.SetIsOriginAllowed(origin => Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.IsLoopback)
            .AllowAnyHeader().AllowAnyMethod());
        app.UseAuthentication();
    }

    protected override async Task InitializeAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        foreach (var client in DevelopmentIdentity.Clients)
        {
            await applications.CreateAsync(Descriptor(client), ct).ConfigureAwait(false);
        }
    }

    protected override void Map(IEndpointRouteBuilder app)
    {
        // As route handlers (their results written), not as request delegates.
        app.MapPost(TokenPath, (Func<HttpContext, Task<IResult>>)Token);
        app.MapMethods(AuthorizePath, [HttpMethods.Get, HttpMethods.Post], (Func<HttpContext, Task<IResult>>)Authorize);
    }

    /// <summary>Client credentials: the client's own roles; authorization code: what the user was granted at sign-in.</summary>
    private static async Task<IResult> Token(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (request.IsClientCredentialsGrantType())
        {
            // OpenIddict has checked the client's secret and that it may ask for these scopes.
            var client = DevelopmentIdentity.Clients.Single(c => c.ClientId == request.ClientId);
            return SignIn(client.ClientId, client.DisplayName, client.Roles, request.GetScopes());
        }

        var code = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme).ConfigureAwait(false);
        return TypedResults.SignIn(code.Principal!, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>Shows the test users; the one chosen is signed in with the scopes the admin UI asked for.</summary>
    private static async Task<IResult> Authorize(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var chosen = context.Request.HasFormContentType ? (string?)(await context.Request.ReadFormAsync().ConfigureAwait(false))[UserField] : null;
        return DevelopmentIdentity.Users.SingleOrDefault(u => u.Name == chosen) is { } user
            ? SignIn(user.Name, user.DisplayName, user.Roles, request.GetScopes())
            : TypedResults.Content(SignInPage(request), "text/html");
    }

    private static SignInHttpResult SignIn(string subject, string name, string[] roles, ImmutableArray<string> scopes)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, DevelopmentIdentity.RoleClaim);
        identity.SetClaim(Claims.Subject, subject).SetClaim(Claims.Name, name);
        foreach (var role in roles)
        {
            identity.AddClaim(new Claim(DevelopmentIdentity.RoleClaim, role));
        }

        identity.SetScopes(scopes);
        identity.SetResources(scopes.Where(DevelopmentIdentity.AudienceOfScope.ContainsKey).Select(s => DevelopmentIdentity.AudienceOfScope[s]).Distinct());
        identity.SetDestinations(static _ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return TypedResults.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>A form that posts the authorization request back with the chosen user: no password in development.</summary>
    private static string SignInPage(OpenIddictRequest request)
    {
        var fields = string.Concat(request.GetParameters().Select(p =>
            $"""<input type="hidden" name="{WebUtility.HtmlEncode(p.Key)}" value="{WebUtility.HtmlEncode((string?)p.Value)}">"""));
        var users = string.Concat(DevelopmentIdentity.Users.Select(u =>
            $"""<p><button type="submit" name="{UserField}" value="{u.Name}">{WebUtility.HtmlEncode(u.DisplayName)}</button> {(u.Roles.Length == 0 ? "no roles" : "roles: " + string.Join(", ", u.Roles))}</p>"""));
        return $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Sign in (development)</title></head>
            <body><h1>Sign in to {WebUtility.HtmlEncode(request.ClientId)}</h1><p>Development identity provider: pick a test user.</p>
            <form method="post" action="/{AuthorizePath}">{fields}{users}</form></body></html>
            """;
    }

    private static OpenIddictApplicationDescriptor Descriptor(DevelopmentClient client)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            ClientSecret = client.Secret,
            ClientType = client.Secret is null ? ClientTypes.Public : ClientTypes.Confidential,
            DisplayName = client.DisplayName,
            Permissions = { Permissions.Endpoints.Token },
        };
        foreach (var scope in client.Scopes)
        {
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        }

        if (client.Secret is null)
        {
            descriptor.Permissions.UnionWith([Permissions.Endpoints.Authorization, Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code]);
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
            // A development client on loopback: registered as native, OpenIddict accepts its /callback on any local port
            // (RFC 8252), whichever port the admin UI (or a Vite dev server) listens on.
            descriptor.ApplicationType = ApplicationTypes.Native;
            descriptor.RedirectUris.UnionWith([new Uri("http://localhost/callback"), new Uri("http://127.0.0.1/callback")]);
        }
        else
        {
            descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
        }

        return descriptor;
    }

    /// <summary>A client-credentials token from the provider's token endpoint, as any client gets one.</summary>
    public async Task<string> RequestTokenAsync(DevelopmentClient client, string[] scopes, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.PostAsync(new Uri(Url ?? throw new InvalidOperationException("The identity provider is not listening."), TokenPath),
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = GrantTypes.ClientCredentials,
                ["client_id"] = client.ClientId,
                ["client_secret"] = client.Secret ?? "",
                ["scope"] = string.Join(' ', scopes),
            }), ct).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The identity provider refused a token to {client.ClientId}: {(int)response.StatusCode} {body}");
        }

        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
