namespace Notifications.Worker.Providers;

/// <summary>
/// A provider refused or failed a send. <see cref="Throttled"/> ones lower the send rate; other <see cref="Transient"/>
/// ones are either the provider's trouble or the message's (see <see cref="ProviderGuard"/>); the rest are dead-lettered at
/// once, except <see cref="RecipientGone"/>, which ends the send with nothing left to do.
/// </summary>
/// <param name="Status">The HTTP status; null when no answer came (network, timeout).</param>
/// <param name="Code">The provider's error code (<c>Throttling</c>, <c>UNREGISTERED</c>...), never the message body.</param>
/// <param name="RetryAfter">How long the provider asked to wait before the next try (<c>Retry-After</c>).</param>
/// <param name="RecipientGone">The address no longer exists (a push device whose app was uninstalled): forget it.</param>
public sealed class ProviderException(
    int? status, string code, bool transient, Exception? inner = null, TimeSpan? retryAfter = null, bool recipientGone = false)
    : Exception($"{(status is null ? "no answer" : $"HTTP {status}")}: {code}", inner)
{
    public int? Status { get; } = status;

    public string Code { get; } = code;

    public bool Transient { get; } = transient;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    public bool RecipientGone { get; } = recipientGone;

    /// <summary>SES v2 <c>TooManyRequestsException</c> (429), SES <c>Throttling</c>, SNS <c>Throttled</c>, FCM <c>QUOTA_EXCEEDED</c> (429): up, but asking for fewer sends.</summary>
    public bool Throttled { get; } = status is { } s && IsThrottling(s, code);

    /// <summary>Throttling and server-side failures are worth another try (not before <paramref name="retryAfter"/>); other 4xx are the request's fault.</summary>
    public static ProviderException FromAnswer(int status, string code, TimeSpan? retryAfter = null)
    {
        var transient = status >= 500 || IsThrottling(status, code);
        return new(status, code, transient, retryAfter: transient ? retryAfter : null);
    }

    private static bool IsThrottling(int status, string code) =>
        status == 429 || code.Contains("Throttl", StringComparison.OrdinalIgnoreCase) || code.Contains("TooManyRequests", StringComparison.Ordinal);
}
