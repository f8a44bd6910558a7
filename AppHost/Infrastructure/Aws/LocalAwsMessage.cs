namespace AppHost.Infrastructure.Aws;

/// <summary>What the local AWS endpoint accepted: an SES email or an SNS SMS, as a developer or a test reads it.</summary>
/// <param name="Service"><c>ses</c> or <c>sns</c>.</param>
/// <param name="To">The email recipients, or the phone number.</param>
/// <param name="Attributes">SES email tags, or SNS message attributes.</param>
/// <param name="TraceParent">The W3C <c>traceparent</c> the call carried: the trace that sent the message.</param>
public sealed record LocalAwsMessage(
    string MessageId, string Service, DateTimeOffset ReceivedAt, string? From, IReadOnlyList<string> To, string? Subject, string? Text, string? Html,
    IReadOnlyDictionary<string, string> Attributes, string? TraceParent);

/// <summary>Every request the endpoint answered, accepted or not: what tests count attempts with.</summary>
/// <param name="Recipient">The first email recipient or the phone number, when the body could be read.</param>
public sealed record LocalAwsRequest(string Service, DateTimeOffset ReceivedAt, int Status, string? Recipient, string? Error);
