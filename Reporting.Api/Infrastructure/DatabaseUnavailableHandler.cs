using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Npgsql;
using Reporting.Api.Rollups;

namespace Reporting.Api.Infrastructure;

/// <summary>
/// The replica or the rollup store unreachable, refusing, or too slow, or the rollups not loaded yet: a 503 ProblemDetails with Retry-After the UI can act on, never a 500
/// or a hang. Errors in the SQL itself are not outages and stay 500s.
/// </summary>
public sealed partial class DatabaseUnavailableHandler(IProblemDetailsService problems, IOptions<ReportingOptions> options, ILogger<DatabaseUnavailableHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsOutage(exception))
        {
            return false;
        }

        LogUnavailable(logger, exception.GetType().Name, exception.Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = options.Value.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = exception is SalesRollupNotReadyException ? exception.Message : "The reporting database is unavailable.",
                Detail = $"Retry in {options.Value.RetryAfterSeconds} seconds.",
            },
        });
    }

    private static bool IsOutage(Exception exception) => exception switch
    {
        NpgsqlException { InnerException: SocketException or TimeoutException or IOException } => true,
        NpgsqlException { IsTransient: true } => true,
        PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.QueryCanceled } => true,
        TimeoutException or SalesRollupNotReadyException => true,
        _ => exception.InnerException is { } inner && IsOutage(inner),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reporting database unavailable ({ExceptionType}): {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType, string reason);
}
