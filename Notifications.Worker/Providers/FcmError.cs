using System.Text.Json;

namespace Notifications.Worker.Providers;

/// <summary>
/// An FCM HTTP v1 error answer, as Google documents it: <c>{"error": {"code", "message", "status", "details": [...]}}</c>,
/// where a <c>type.googleapis.com/google.firebase.fcm.v1.FcmError</c> detail carries FCM's <c>errorCode</c> and a
/// <c>type.googleapis.com/google.rpc.BadRequest</c> detail names the invalid fields.
/// </summary>
internal sealed record FcmError(int Status, string? GrpcStatus, string? ErrorCode, IReadOnlyList<string> InvalidFields, TimeSpan? RetryAfter)
{
    private const string FcmErrorType = "type.googleapis.com/google.firebase.fcm.v1.FcmError";
    private const string BadRequestType = "type.googleapis.com/google.rpc.BadRequest";

    /// <summary>The OAuth access token was refused (expired or revoked): Google's 401 with no FCM error code of its own.</summary>
    public bool AccessTokenRefused => Status == 401 && ErrorCode is null or "UNSPECIFIED_ERROR";

    public static async Task<FcmError> ReadAsync(HttpResponseMessage response, TimeProvider clock, CancellationToken ct)
    {
        var (grpcStatus, errorCode, fields) = ((string?)null, (string?)null, new List<string>());
        try
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            if (body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                grpcStatus = error.TryGetProperty("status", out var status) ? status.GetString() : null;
                foreach (var detail in error.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array ? details.EnumerateArray() : default)
                {
                    var type = detail.TryGetProperty("@type", out var t) ? t.GetString() : null;
                    if (type == FcmErrorType && detail.TryGetProperty("errorCode", out var code))
                    {
                        errorCode = code.GetString();
                    }
                    else if (type == BadRequestType && detail.TryGetProperty("fieldViolations", out var violations) && violations.ValueKind == JsonValueKind.Array)
                    {
                        fields.AddRange(violations.EnumerateArray().Select(v => v.TryGetProperty("field", out var f) ? f.GetString() : null).OfType<string>());
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not Google's own answer (a proxy's page, say): the status alone decides.
        }

        return new FcmError((int)response.StatusCode, grpcStatus, errorCode, fields, ProviderCall.RetryAfter(response, clock));
    }

    /// <summary>
    /// UNREGISTERED, and INVALID_ARGUMENT about the token, mean the device is gone; QUOTA_EXCEEDED is throttling,
    /// UNAVAILABLE and INTERNAL are transient; SENDER_ID_MISMATCH, THIRD_PARTY_AUTH_ERROR and other invalid arguments are
    /// permanent. The code says which, with why for an operator; never the token or the message.
    /// </summary>
    public ProviderException ToException()
    {
        var code = ErrorCode ?? GrpcStatus ?? "UNSPECIFIED_ERROR";
        return code switch
        {
            "UNREGISTERED" => new ProviderException(Status, "UNREGISTERED (the app was uninstalled or the token expired)", transient: false, recipientGone: true),
            "INVALID_ARGUMENT" when IsAboutTheToken => new ProviderException(Status, "INVALID_ARGUMENT (not a valid registration token)", transient: false, recipientGone: true),
            "SENDER_ID_MISMATCH" => new ProviderException(Status, "SENDER_ID_MISMATCH (the token belongs to another Firebase project)", transient: false),
            "THIRD_PARTY_AUTH_ERROR" => new ProviderException(Status, "THIRD_PARTY_AUTH_ERROR (APNs or web push refused the project's credentials)", transient: false),
            _ => ProviderException.FromAnswer(Status, code, RetryAfter),
        };
    }

    /// <summary>A BadRequest naming <c>message.token</c>, or FCM's own INVALID_ARGUMENT with no other field named.</summary>
    private bool IsAboutTheToken => InvalidFields.Contains("message.token") || (ErrorCode == "INVALID_ARGUMENT" && InvalidFields.Count == 0);
}
