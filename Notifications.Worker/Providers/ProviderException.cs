namespace Notifications.Worker.Providers;

/// <summary>
/// A provider refused or failed a send. <see cref="Throttled"/> ones lower the send rate; other <see cref="Transient"/>
/// ones are either the provider's trouble or the message's (see <see cref="ProviderGuard"/>); the rest are dead-lettered at once.
/// </summary>
/// <param name="Status">The HTTP status; null when no answer came (network, timeout).</param>
/// <param name="Code">AWS's error code (<c>Throttling</c>, <c>InvalidParameter</c>...), never the message body.</param>
public sealed class ProviderException(int? status, string code, bool transient, Exception? inner = null)
    : Exception($"{(status is null ? "no answer" : $"HTTP {status}")}: {code}", inner)
{
    public int? Status { get; } = status;

    public string Code { get; } = code;

    public bool Transient { get; } = transient;

    /// <summary>SES v2 <c>TooManyRequestsException</c> (429), SES <c>Throttling</c>, SNS <c>Throttled</c>: up, but asking for fewer sends.</summary>
    public bool Throttled { get; } = status is { } s && IsThrottling(s, code);

    /// <summary>Throttling and server-side failures are worth another try; other 4xx are the request's fault.</summary>
    public static ProviderException FromAnswer(int status, string code) => new(status, code, transient: status >= 500 || IsThrottling(status, code));

    private static bool IsThrottling(int status, string code) =>
        status == 429 || code.Contains("Throttl", StringComparison.OrdinalIgnoreCase) || code.Contains("TooManyRequests", StringComparison.Ordinal);
}
