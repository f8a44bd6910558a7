using System.Text.Json.Nodes;

namespace AppHost.Infrastructure.Fcm;

/// <summary>A push the local FCM endpoint accepted, as a developer or a test reads it.</summary>
/// <param name="Name">What FCM answers: <c>projects/{project}/messages/{id}</c>.</param>
/// <param name="Message">The whole <c>message</c> as sent (platform options included).</param>
/// <param name="TraceParent">The W3C <c>traceparent</c> the call carried.</param>
public sealed record LocalFcmMessage(
    string Name, DateTimeOffset ReceivedAt, string Token, string? Title, string? Body, IReadOnlyDictionary<string, string> Data, JsonObject Message,
    string? TraceParent);

/// <summary>Every send the endpoint answered, accepted or not: what tests count attempts with.</summary>
/// <param name="Token">The registration token, when the body could be read.</param>
/// <param name="Error">FCM's error code (or gRPC status) when refused.</param>
public sealed record LocalFcmRequest(DateTimeOffset ReceivedAt, int Status, string? Token, string? Error);
