using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace AdminUi.Extensions;

public static class Extensions
{
    /// <summary>The services the console calls, each behind the same path on this host as on the service.</summary>
    private static readonly (string Path, string Service)[] Apis =
    [
        ("/api/reports", "reporting-api"),
        ("/api/dead-letters", "notifications-worker"),
        ("/api/search/index", "search-api"),
        ("/api/search/analytics", "search-api"),
    ];

    /// <summary>
    /// The console's host: its options, and a same-origin proxy (YARP, destinations by service discovery) to the APIs.
    /// The browser calls only this origin with its bearer token, so the APIs need no CORS for it and can stay inside the
    /// cluster; the proxy forwards the token and the services check it as for any caller.
    /// </summary>
    public static void AddAdminUi(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<AdminUiOptions, AdminUiOptionsValidator>(AdminUiOptions.SectionName);
        builder.Services.AddReverseProxy()
            .LoadFromMemory(
                [.. Apis.Select(api => new RouteConfig
                {
                    RouteId = api.Path,
                    ClusterId = api.Service,
                    Match = new RouteMatch { Path = $"{api.Path}/{{**rest}}" },
                })],
                [.. Apis.DistinctBy(api => api.Service).Select(api => new ClusterConfig
                {
                    ClusterId = api.Service,
                    Destinations = new Dictionary<string, DestinationConfig> { [api.Service] = new() { Address = $"http://{api.Service}" } },
                })])
            .AddServiceDiscoveryDestinationResolver();
    }

    /// <summary>The built app (hashed assets cached for good, the page itself never), its configuration, the proxy, and the app's routes.</summary>
    public static void MapAdminUi(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<AdminUiOptions>>().Value;
        app.Use(async (context, next) =>
        {
            // Scripts only from here, and calls only to here and to the identity provider.
            context.Response.Headers.ContentSecurityPolicy =
                $"default-src 'self'; connect-src 'self' {new Uri(options.Authority).GetLeftPart(UriPartial.Authority)}; frame-ancestors 'none'; base-uri 'self'";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            await next();
        });
        var files = new StaticFileOptions
        {
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = file.Context.Request.Path.StartsWithSegments("/assets")
                ? "public, max-age=31536000, immutable"
                : "no-cache",
        };
        app.UseStaticFiles(files);
        app.MapGet("/config.json", () => TypedResults.Ok(new AdminUiConfig(options.Authority, options.ClientId, options.Scope)))
            .AllowAnonymous();
        app.MapReverseProxy();
        app.MapFallbackToFile("index.html", files).AllowAnonymous();
    }
}
