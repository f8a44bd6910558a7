using System.Globalization;
using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ServiceDefaults.Data;

/// <summary>What a service cannot answer yet (its data still loading): a 503 like an outage, titled with the message.</summary>
public class ServiceNotReadyException(string message) : Exception(message);

/// <summary>How the 503 reads: its title, and when to try again.</summary>
public sealed class DatabaseUnavailableOptions
{
    public string Title { get; set; } = "The database is unavailable.";

    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// The database unreachable, refusing, or too slow (or the service not ready): a 503 ProblemDetails with Retry-After
/// that a caller can act on, never a 500 or a hang. Errors in the SQL itself are not outages and stay 500s.
/// </summary>
public sealed partial class DatabaseUnavailableHandler(
    IProblemDetailsService problems, IOptions<DatabaseUnavailableOptions> options, ILogger<DatabaseUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsOutage(exception))
        {
            return false;
        }

        var retryAfter = options.Value.RetryAfter.WholeSeconds();
        LogUnavailable(logger, exception.GetType().Name, exception.Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = exception is ServiceNotReadyException ? exception.Message : options.Value.Title,
                Detail = $"Retry in {retryAfter} seconds.",
            },
        });
    }

    private static bool IsOutage(Exception exception) => exception switch
    {
        NpgsqlException { InnerException: SocketException or TimeoutException or IOException } => true,
        NpgsqlException { IsTransient: true } => true,
        PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.QueryCanceled } => true,
        TimeoutException or ServiceNotReadyException => true,
        _ => exception.InnerException is { } inner && IsOutage(inner),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable ({ExceptionType}): {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType, string reason);
}

public static class DatabaseUnavailableExtensions
{
    /// <summary>Database outages answer 503 with <paramref name="title"/> and a Retry-After of <paramref name="retryAfter"/>.</summary>
    public static IServiceCollection AddDatabaseUnavailableHandler(this IServiceCollection services, string title, TimeSpan retryAfter)
    {
        services.Configure<DatabaseUnavailableOptions>(o => (o.Title, o.RetryAfter) = (title, retryAfter));
        return services.AddExceptionHandler<DatabaseUnavailableHandler>();
    }
}
