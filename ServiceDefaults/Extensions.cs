using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServiceDefaults.Logging;
using ServiceDefaults.Security;

namespace Microsoft.Extensions.Hosting;

/// <summary>What every platform service shares: telemetry, logs, health, resilience, service discovery and auth.</summary>
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";
    public const string MetricsEndpointPath = "/metrics";
    private const string LiveTag = "live";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.AddJsonConsoleLogging();
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.AddDefaultAuthentication();
        builder.AddTransportSecurity();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // Retries, circuit breaker and attempt/total timeouts on every HttpClient: no outbound call waits forever.
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        // Each probe's unhealthy result would be an Error line every few seconds, also while a service is only not
        // ready yet (loading). /health, the dashboard's health column and the failing dependency's own log say it.
        builder.Logging.AddFilter(HealthCheckLogCategory, LogLevel.None);
        return builder;
    }

    /// <summary>Where ASP.NET Core logs each health check's result (Unhealthy at Error).</summary>
    public const string HealthCheckLogCategory = "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService";

    /// <summary>
    /// <c>/health</c> (every dependency), <c>/alive</c> (the process) and <c>/metrics</c> (Prometheus), in every
    /// environment: Kubernetes probes and scrapers need them in production too. None of them requires a token.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseCorrelationId();
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync }).AllowAnonymous();
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag) }).AllowAnonymous();
        app.MapPrometheusScrapingEndpoint(MetricsEndpointPath).AllowAnonymous();
        return app;
    }
}
