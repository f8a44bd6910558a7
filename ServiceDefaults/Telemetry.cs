using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ServiceDefaults.Kafka;

namespace Microsoft.Extensions.Hosting;

public static class Telemetry
{
    /// <summary>Traces, metrics and logs; OTLP export when OTEL_EXPORTER_OTLP_ENDPOINT is set, Prometheus always.</summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var otel = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(builder.Environment.ApplicationName)
                .AddMeter(KafkaTelemetry.MeterName)
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(KafkaTelemetry.ActivitySourceName)
                .AddAspNetCoreInstrumentation(options =>
                    options.Filter = context => !IsInfrastructureEndpoint(context.Request.Path))
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>Probes and scrapes would drown the traces that matter.</summary>
    private static bool IsInfrastructureEndpoint(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments(Extensions.HealthEndpointPath)
        || path.StartsWithSegments(Extensions.AlivenessEndpointPath)
        || path.StartsWithSegments(Extensions.MetricsEndpointPath);
}
