using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;

namespace ServiceDefaults.Logging;

/// <summary>
/// Takes the caller's <c>X-Correlation-ID</c> (or makes one), returns it on the response, and puts it in the log scope
/// and in the OpenTelemetry baggage, from where the Kafka producer carries it on in the message headers.
/// </summary>
public static class CorrelationId
{
    public const string HeaderName = "X-Correlation-ID";
    public const string BaggageKey = "correlation.id";
    private const int MaxLength = 128;

    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var correlationId = Accept(context.Request.Headers[HeaderName].ToString()) ?? Guid.NewGuid().ToString("N");
            context.Response.Headers[HeaderName] = correlationId;
            // OpenTelemetry baggage is what the Kafka producer's propagator writes into message headers.
            Baggage.SetBaggage(BaggageKey, correlationId);
            Activity.Current?.SetTag(BaggageKey, correlationId);

            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("CorrelationId");
            using (logger.BeginScope("CorrelationId:{CorrelationId}", correlationId))
            {
                await next(context).ConfigureAwait(false);
            }
        });

    /// <summary>Only short, printable ids are taken from callers; anything else is replaced, never logged.</summary>
    public static string? Accept(string? candidate) =>
        !string.IsNullOrEmpty(candidate) && candidate.Length <= MaxLength && candidate.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? candidate
            : null;
}
