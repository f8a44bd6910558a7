using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Platform.IntegrationTests;

/// <summary>
/// Keeps what the AppHost logs at Error or worse: its own errors, and the resources' stderr lines it forwards at that
/// level (a dashboard's error badges).
/// </summary>
internal sealed class ErrorLogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _errors = new();

    public IReadOnlyList<string> Errors => [.. _errors];

    public ILogger CreateLogger(string categoryName) => new Capture(categoryName, _errors);

    public void Dispose()
    {
    }

    private sealed class Capture(string category, ConcurrentQueue<string> errors) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                errors.Enqueue($"{logLevel} {category}: {formatter(state, exception)}");
            }
        }
    }
}
