using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Notifications.Worker.Devices;
using Notifications.Worker.Providers;
using Notifications.Worker.Templates;
using ServiceDefaults.Resilience;

namespace Notifications.Worker.Delivery;

/// <summary>
/// One Kafka message to its final state: every routed channel (for push, every device of the customer) sent, skipped,
/// unregistered or dead-lettered. Sends go through the provider's <see cref="ProviderGuard"/>, which waits out throttling
/// and provider outages without costing attempts; a failure of the message's own is retried on
/// <see cref="NotificationsOptions.RetrySchedule"/>, then dead-lettered. Permanent failures, template errors and unreadable
/// events are dead-lettered at once; a push device FCM no longer knows is forgotten. The ledger is written right after the
/// provider accepts, so a crash between the two is the only way a message can go out twice.
/// </summary>
public sealed partial class NotificationProcessor(
    TemplateLibrary templates,
    SesEmailClient ses,
    SnsSmsClient sns,
    FcmPushClient fcm,
    ProviderGuards providers,
    DeliveryLedger ledger,
    DeviceRegistry devices,
    DeadLetterPublisher deadLetters,
    NotificationMetrics metrics,
    IOptions<NotificationsOptions> options,
    TimeProvider clock,
    ILogger<NotificationProcessor> logger)
{
    /// <summary>A send ready to go: its provider, and the call that returns the provider's message id.</summary>
    private sealed record PreparedSend(ProviderGuard Provider, Func<CancellationToken, Task<string?>> Send);

    public async Task ProcessAsync(ConsumeResult<string, byte[]> message, CancellationToken ct)
    {
        switch (CommerceEventReader.Read(message.Message.Value))
        {
            case EventRead.Readable readable:
                await RouteAsync(message, readable.Event, ct);
                break;
            case EventRead.Unreadable unreadable:
                var now = clock.GetUtcNow();
                await DeadLetterAsync(message, new DeadLetter(unreadable.ReasonCode, unreadable.Reason, null, unreadable.Id, unreadable.Type, 0, now, now), ct);
                break;
        }
    }

    /// <summary>Sends the event on every channel of its route (or the one a replay names).</summary>
    private async Task RouteAsync(ConsumeResult<string, byte[]> message, CommerceEvent commerceEvent, CancellationToken ct)
    {
        var replay = ReplayChannel(message);
        var statuses = await ledger.FindStatusesAsync(commerceEvent.Id, ct);
        // The channels of an event are independent: they go at the same time, each to its own final state.
        await Task.WhenAll(options.Value.Routes.GetValueOrDefault(commerceEvent.Type, [])
            .Where(channel => replay is null || replay == channel)
            .Select(channel => DeliverAsync(message, commerceEvent, channel, statuses, replay is not null, ct)));
    }

    private Task DeliverAsync(
        ConsumeResult<string, byte[]> message, CommerceEvent e, NotificationChannel channel, Dictionary<DeliveryTarget, string> statuses, bool replay,
        CancellationToken ct)
    {
        var customer = e.Payload.Customer;
        return channel switch
        {
            NotificationChannel.Email => DeliverAsync(message, e, new DeliveryTarget(channel), statuses, replay, customer.Email, async to =>
            {
                var email = await templates.RenderEmailAsync(e.Type, customer.Locale, e.Payload);
                return new PreparedSend(providers.Ses, t => ses.SendAsync(to, email, e.Type, t));
            }, ct),
            NotificationChannel.Sms => DeliverAsync(message, e, new DeliveryTarget(channel), statuses, replay, customer.Phone, async to =>
            {
                var sms = await templates.RenderSmsAsync(e.Type, customer.Locale, e.Payload);
                return new PreparedSend(providers.Sns, t => sns.SendAsync(to, sms, t));
            }, ct),
            NotificationChannel.Push => DeliverPushAsync(message, e, statuses, replay, ct),
        };
    }

    /// <summary>
    /// To each of the customer's devices (those the event carries are registered first), in the device's language, each
    /// its own ledger row; skipped when the customer has none.
    /// </summary>
    private async Task DeliverPushAsync(
        ConsumeResult<string, byte[]> message, CommerceEvent e, Dictionary<DeliveryTarget, string> statuses, bool replay, CancellationToken ct)
    {
        var customer = e.Payload.Customer;
        foreach (var carried in customer.Devices ?? [])
        {
            await devices.RegisterAsync(new PushDevice(customer.CustomerId, carried.Token, carried.Platform, carried.Locale ?? customer.Locale, clock.GetUtcNow()), ct);
        }

        var registered = await devices.ListAsync(customer.CustomerId, ct);
        if (registered.Count == 0)
        {
            await DeliverAsync(message, e, new DeliveryTarget(NotificationChannel.Push), statuses, replay, address: null,
                _ => throw new UnreachableException("Nothing is prepared without an address."), ct);
            return;
        }

        await Task.WhenAll(registered.Select(device =>
            DeliverAsync(message, e, new DeliveryTarget(NotificationChannel.Push, device.DeviceId), statuses, replay, device.Token, async _ =>
            {
                var push = await templates.RenderPushAsync(e.Type, device.Locale, e.Payload);
                return new PreparedSend(providers.Fcm, t => fcm.SendAsync(device, push, e.Type, t));
            }, ct)));
    }

    /// <param name="address">The email address, phone number or push token; none skips the target.</param>
    private async Task DeliverAsync(
        ConsumeResult<string, byte[]> message, CommerceEvent e, DeliveryTarget target, Dictionary<DeliveryTarget, string> statuses, bool replay,
        string? address, Func<string, Task<PreparedSend>> prepare, CancellationToken ct)
    {
        var status = statuses.GetValueOrDefault(target);
        if (DeliveryStatus.IsFinal(status, replay))
        {
            metrics.Duplicate(target.Channel);
            LogAlreadyDone(logger, e.Id, target, status);
            return;
        }

        if (string.IsNullOrWhiteSpace(address))
        {
            await ledger.RecordAsync(new DeliveryRecord(e.Id, target, e.Type, DeliveryStatus.Skipped, 0, null, null, null), ct);
            return;
        }

        PreparedSend send;
        try
        {
            send = await prepare(address);
        }
        catch (TemplateException failure)
        {
            var now = clock.GetUtcNow();
            await DeadLetterAsync(message, new DeadLetter(DeadLetterReasons.Template, failure.Message, target, e.Id, e.Type, 0, now, now), ct);
            await ledger.RecordAsync(new DeliveryRecord(e.Id, target, e.Type, DeliveryStatus.DeadLettered, 0, null, now, now), ct);
            return;
        }

        await SendWithRetriesAsync(message, e, target, send, ct);
    }

    private async Task SendWithRetriesAsync(ConsumeResult<string, byte[]> message, CommerceEvent e, DeliveryTarget target, PreparedSend send, CancellationToken ct)
    {
        var schedule = options.Value.RetrySchedule;
        var messageId = $"{e.Id}/{target}";
        DateTimeOffset? firstFailure = null;
        for (var attempt = 1; ; attempt++)
        {
            var outage = send.Provider.NextOutage;
            try
            {
                await send.Provider.SendAsync(messageId, send.Send, (providerId, token) => RecordSentAsync(message, e, target, attempt, providerId, firstFailure, token), ct);
                return;
            }
            catch (ProviderException failure) when (failure.RecipientGone)
            {
                await ForgetDeviceAsync(e, target, attempt, failure, ct);
                return;
            }
            catch (ProviderException failure)
            {
                var now = clock.GetUtcNow();
                firstFailure ??= now;
                if (failure.Transient && attempt <= schedule.Length)
                {
                    // Never sooner than the provider asked.
                    var wait = TimeSpan.FromTicks(Math.Max(RetryDelay(schedule[attempt - 1]).Ticks, (failure.RetryAfter ?? TimeSpan.Zero).Ticks));
                    LogRetrying(logger, e.Id, target, attempt, failure.Message, wait.TotalSeconds);
                    if (await WaitForRetryAsync(wait, outage, ct))
                    {
                        metrics.Retried(target.Channel);
                    }
                    else
                    {
                        // The provider went away after this send started: its failure, not the message's; the guard waits for it.
                        LogRefunded(logger, e.Id, target, attempt);
                        attempt--;
                    }

                    continue;
                }

                var (code, reason) = failure.Transient
                    ? (DeadLetterReasons.RetriesExhausted, $"Still failing after {attempt} attempts: {failure.Message}")
                    : (DeadLetterReasons.Rejected, $"The provider rejected the message: {failure.Message}");
                await DeadLetterAsync(message, new DeadLetter(code, reason, target, e.Id, e.Type, attempt, firstFailure.Value, now), ct);
                await ledger.RecordAsync(new DeliveryRecord(e.Id, target, e.Type, DeliveryStatus.DeadLettered, attempt, null, firstFailure, now), ct);
                return;
            }
        }
    }

    /// <summary>The device is gone (the app was uninstalled): nothing is left to send to it, and nobody to tell.</summary>
    private async Task ForgetDeviceAsync(CommerceEvent e, DeliveryTarget target, int attempt, ProviderException failure, CancellationToken ct)
    {
        await devices.RemoveAsync(target.DeviceId, ct);
        await ledger.RecordAsync(new DeliveryRecord(e.Id, target, e.Type, DeliveryStatus.Unregistered, attempt, null, null, null), ct);
        metrics.DeviceRemoved();
        LogDeviceForgotten(logger, e.Id, target, failure.Code);
    }

    /// <summary>
    /// Written right after the provider accepted, and retried (bounded by shutdown) rather than failing the message, which
    /// would send it again.
    /// </summary>
    private async Task RecordSentAsync(
        ConsumeResult<string, byte[]> message, CommerceEvent e, DeliveryTarget target, int attempt, string? providerId, DateTimeOffset? firstFailure,
        CancellationToken ct)
    {
        var accepted = clock.GetUtcNow();
        var record = new DeliveryRecord(e.Id, target, e.Type, DeliveryStatus.Sent, attempt, providerId, firstFailure, firstFailure is null ? null : accepted);
        await RetryUntilStopped.RunAsync(
            token => ledger.RecordAsync(record, token),
            (failedAttempt, failure, _) => LogRecordFailed(logger, e.Id, target, failedAttempt, failure.Message),
            ct);
        metrics.Recorded(clock.GetUtcNow() - accepted);
        metrics.Sent(target.Channel, accepted - message.Message.Timestamp.UtcDateTime);
        LogSent(logger, e.Id, e.Type, target, attempt, providerId);
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
        metrics.DeadLettered(letter.Target?.Channel, letter.ReasonCode);
        LogDeadLettered(logger, letter.EventId, letter.EventType, letter.Target?.ToString() ?? DeliveryTarget.NoChannel, letter.ReasonCode, letter.Attempts, letter.Reason,
            message.TopicPartitionOffset.ToString());
    }

    private static NotificationChannel? ReplayChannel(ConsumeResult<string, byte[]> message) =>
        message.Message.Headers is { } headers && headers.TryGetLastBytes(DeadLetterHeaders.ReplayChannel, out var bytes)
            && Enum.TryParse<NotificationChannel>(Encoding.UTF8.GetString(bytes), ignoreCase: true, out var channel)
            ? channel
            : null;

    // Debug: every send is in the ledger with the provider's message id, and in the metrics and traces; logs are for what went wrong.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Sent {EventType} {EventId} by {Target} after {Attempts} attempt(s): provider message {ProviderMessageId}")]
    private static partial void LogSent(ILogger logger, string eventId, string eventType, DeliveryTarget target, int attempts, string? providerMessageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Not counting attempt {Attempt} of {EventId} by {Target}: the provider became unavailable")]
    private static partial void LogRefunded(ILogger logger, string eventId, DeliveryTarget target, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording the accepted {EventId} by {Target} failed (attempt {Attempt}): {Reason}; retrying")]
    private static partial void LogRecordFailed(ILogger logger, string eventId, DeliveryTarget target, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retrying {EventId} by {Target} in {DelaySeconds:F1} s after attempt {Attempt}: {Failure}")]
    private static partial void LogRetrying(ILogger logger, string eventId, DeliveryTarget target, int attempt, string failure, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Forgot push device {Target} of {EventId}: {Code}")]
    private static partial void LogDeviceForgotten(ILogger logger, string eventId, DeliveryTarget target, string code);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dead-lettered {EventType} {EventId} ({Target}): {ReasonCode} after {Attempts} attempt(s): {Reason} at {Source}")]
    private static partial void LogDeadLettered(ILogger logger, string? eventId, string? eventType, string target, string reasonCode, int attempts, string reason, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Not sending {EventId} by {Target} again: already {Status}")]
    private static partial void LogAlreadyDone(ILogger logger, string eventId, DeliveryTarget target, string? status);
}
