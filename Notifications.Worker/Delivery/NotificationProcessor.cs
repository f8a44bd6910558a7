using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Notifications.Worker.Providers;
using Notifications.Worker.Templates;
using ServiceDefaults.Resilience;

namespace Notifications.Worker.Delivery;

/// <summary>
/// One Kafka message to its final state: every routed channel sent, skipped or dead-lettered. Sends go through the
/// provider's <see cref="ProviderGuard"/>, which waits out throttling and provider outages without costing attempts;
/// a failure of the message's own is retried on <see cref="NotificationsOptions.RetrySchedule"/>, then dead-lettered.
/// Permanent failures, template errors and unreadable events are dead-lettered at once. The ledger is written right
/// after the provider accepts, so a crash between the two is the only way a message can go out twice.
/// </summary>
public sealed partial class NotificationProcessor(
    TemplateLibrary templates,
    SesEmailClient ses,
    SnsSmsClient sns,
    ProviderGuards providers,
    DeliveryLedger ledger,
    DeadLetterPublisher deadLetters,
    NotificationMetrics metrics,
    IOptions<NotificationsOptions> options,
    TimeProvider clock,
    ILogger<NotificationProcessor> logger)
{
    public async Task ProcessAsync(ConsumeResult<string, byte[]> message, CancellationToken ct)
    {
        var (commerceEvent, reasonCode, reason, id, type) = CommerceEventReader.Read(message.Message.Value);
        if (commerceEvent is null)
        {
            var now = clock.GetUtcNow();
            await DeadLetterAsync(message, new DeadLetter(reasonCode!, reason!, null, id, type, 0, now, now), ct);
            return;
        }

        var replay = ReplayChannel(message);
        var statuses = await ledger.FindStatusesAsync(commerceEvent.Id, ct);
        // The channels of an event are independent: they go at the same time, each to its own final state.
        await Task.WhenAll(options.Value.Routes.GetValueOrDefault(commerceEvent.Type, [])
            .Where(channel => replay is null || replay == channel)
            .Select(channel => DeliverAsync(message, commerceEvent, channel, statuses.GetValueOrDefault(channel), replay is not null, ct)));
    }

    private async Task DeliverAsync(
        ConsumeResult<string, byte[]> message, CommerceEvent e, NotificationChannel channel, string? status, bool replay, CancellationToken ct)
    {
        if (status is "sent" or "skipped" || (status == "dead-lettered" && !replay))
        {
            metrics.Duplicate(channel);
            LogAlreadyDone(logger, e.Id, channel, status);
            return;
        }

        var customer = e.Payload.Customer;
        var to = channel == NotificationChannel.Email ? customer.Email : customer.Phone;
        if (string.IsNullOrWhiteSpace(to))
        {
            await ledger.RecordAsync(new DeliveryRecord(e.Id, channel, e.Type, "skipped", 0, null, null, null), ct);
            return;
        }

        Func<CancellationToken, Task<string?>> send;
        ProviderGuard provider;
        try
        {
            if (channel == NotificationChannel.Email)
            {
                var email = await templates.RenderEmailAsync(e.Type, customer.Locale, e.Payload);
                (send, provider) = (t => ses.SendAsync(to, email, e.Type, t), providers.Ses);
            }
            else
            {
                var sms = await templates.RenderSmsAsync(e.Type, customer.Locale, e.Payload);
                (send, provider) = (t => sns.SendAsync(to, sms, t), providers.Sns);
            }
        }
        catch (TemplateException failure)
        {
            var now = clock.GetUtcNow();
            await DeadLetterAsync(message, new DeadLetter(DeadLetterReasons.Template, failure.Message, channel, e.Id, e.Type, 0, now, now), ct);
            await ledger.RecordAsync(new DeliveryRecord(e.Id, channel, e.Type, "dead-lettered", 0, null, now, now), ct);
            return;
        }

        await SendWithRetriesAsync(message, e, channel, provider, send, ct);
    }

    private async Task SendWithRetriesAsync(
        ConsumeResult<string, byte[]> message, CommerceEvent e, NotificationChannel channel, ProviderGuard provider,
        Func<CancellationToken, Task<string?>> send, CancellationToken ct)
    {
        var schedule = options.Value.RetrySchedule;
        var messageId = $"{e.Id}/{DeliveryLedger.Name(channel)}";
        DateTimeOffset? firstFailure = null;
        for (var attempt = 1; ; attempt++)
        {
            var outage = provider.NextOutage;
            try
            {
                await provider.SendAsync(messageId, send, (providerId, token) => RecordSentAsync(message, e, channel, attempt, providerId, firstFailure, token), ct);
                return;
            }
            catch (ProviderException failure)
            {
                var now = clock.GetUtcNow();
                firstFailure ??= now;
                if (failure.Transient && attempt <= schedule.Length)
                {
                    var wait = RetryDelay(schedule[attempt - 1]);
                    LogRetrying(logger, e.Id, channel, attempt, failure.Message, wait.TotalSeconds);
                    if (await WaitForRetryAsync(wait, outage, ct))
                    {
                        metrics.Retried(channel);
                    }
                    else
                    {
                        // The provider went away after this send started: its failure, not the message's; the guard waits for it.
                        LogRefunded(logger, e.Id, channel, attempt);
                        attempt--;
                    }

                    continue;
                }

                var (code, reason) = failure.Transient
                    ? (DeadLetterReasons.RetriesExhausted, $"Still failing after {attempt} attempts: {failure.Message}")
                    : (DeadLetterReasons.Rejected, $"The provider rejected the message: {failure.Message}");
                await DeadLetterAsync(message, new DeadLetter(code, reason, channel, e.Id, e.Type, attempt, firstFailure.Value, now), ct);
                await ledger.RecordAsync(new DeliveryRecord(e.Id, channel, e.Type, "dead-lettered", attempt, null, firstFailure, now), ct);
                return;
            }
        }
    }

    /// <summary>
    /// Written right after the provider accepted, and retried (bounded by shutdown) rather than failing the message, which
    /// would send it again.
    /// </summary>
    private async Task RecordSentAsync(
        ConsumeResult<string, byte[]> message, CommerceEvent e, NotificationChannel channel, int attempt, string? providerId, DateTimeOffset? firstFailure,
        CancellationToken ct)
    {
        var accepted = clock.GetUtcNow();
        var record = new DeliveryRecord(e.Id, channel, e.Type, "sent", attempt, providerId, firstFailure, firstFailure is null ? null : accepted);
        await RetryUntilStopped.RunAsync(
            token => ledger.RecordAsync(record, token),
            (failedAttempt, failure, _) => LogRecordFailed(logger, e.Id, channel, failedAttempt, failure.Message),
            ct);
        metrics.Recorded(clock.GetUtcNow() - accepted);
        metrics.Sent(channel, accepted - message.Message.Timestamp.UtcDateTime);
        LogSent(logger, e.Id, e.Type, channel, attempt, providerId);
    }

    /// <returns>True once the wait is over; false as soon as the provider becomes unavailable instead.</returns>
    private async Task<bool> WaitForRetryAsync(TimeSpan wait, Task outage, CancellationToken ct)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var due = Task.Delay(wait, clock, waiting.Token);
        if (await Task.WhenAny(due, outage) == outage && !due.IsCompleted)
        {
            await waiting.CancelAsync();
            return false;
        }

        await due;
        return true;
    }

    /// <summary>The scheduled wait plus up to a tenth more, so that the retries of many messages spread out (never earlier).</summary>
    private static TimeSpan RetryDelay(TimeSpan scheduled) => scheduled * (1 + (Random.Shared.NextDouble() / 10));

    private async Task DeadLetterAsync(ConsumeResult<string, byte[]> message, DeadLetter letter, CancellationToken ct)
    {
        await deadLetters.PublishAsync(message, letter, ct);
        metrics.DeadLettered(letter.Channel, letter.ReasonCode);
        LogDeadLettered(logger, letter.EventId, letter.EventType, letter.Channel, letter.ReasonCode, letter.Attempts, letter.Reason, message.TopicPartitionOffset.ToString());
    }

    private static NotificationChannel? ReplayChannel(ConsumeResult<string, byte[]> message) =>
        message.Message.Headers is { } headers && headers.TryGetLastBytes(DeadLetterHeaders.ReplayChannel, out var bytes)
            && Enum.TryParse<NotificationChannel>(Encoding.UTF8.GetString(bytes), ignoreCase: true, out var channel)
            ? channel
            : null;

    // Debug: every send is in the ledger with the provider's message id, and in the metrics and traces; logs are for what went wrong.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Sent {EventType} {EventId} by {Channel} after {Attempts} attempt(s): provider message {ProviderMessageId}")]
    private static partial void LogSent(ILogger logger, string eventId, string eventType, NotificationChannel channel, int attempts, string? providerMessageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Not counting attempt {Attempt} of {EventId} by {Channel}: the provider became unavailable")]
    private static partial void LogRefunded(ILogger logger, string eventId, NotificationChannel channel, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording the accepted {EventId} by {Channel} failed (attempt {Attempt}): {Reason}; retrying")]
    private static partial void LogRecordFailed(ILogger logger, string eventId, NotificationChannel channel, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retrying {EventId} by {Channel} in {DelaySeconds:F1} s after attempt {Attempt}: {Failure}")]
    private static partial void LogRetrying(ILogger logger, string eventId, NotificationChannel channel, int attempt, string failure, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dead-lettered {EventType} {EventId} ({Channel}): {ReasonCode} after {Attempts} attempt(s): {Reason} at {Source}")]
    private static partial void LogDeadLettered(ILogger logger, string? eventId, string? eventType, NotificationChannel? channel, string reasonCode, int attempts, string reason, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Not sending {EventId} by {Channel} again: already {Status}")]
    private static partial void LogAlreadyDone(ILogger logger, string eventId, NotificationChannel channel, string? status);
}
