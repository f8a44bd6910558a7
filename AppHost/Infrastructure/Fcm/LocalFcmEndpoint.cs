using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AppHost.Infrastructure.Fcm;

/// <summary>
/// FCM HTTP v1 <c>messages:send</c> and Google's OAuth 2.0 token endpoint on one local HTTP listener, in the AppHost
/// process. <c>POST /token</c> takes the service-account flow's JWT assertion (RS256 with the account's key, issuer the
/// account, audience Google's token endpoint, the FCM scope) and issues access tokens; every send needs a live one. Answers are in
/// Google's formats, accepted messages are kept (<c>GET /messages</c>) with every request (<c>GET /requests</c>), and faults
/// come on demand: <c>POST /faults</c> with <c>{"statuses": [503, 429], "retryAfterSeconds": 2}</c> answers the next sends
/// with those (400 INVALID_ARGUMENT, 401 THIRD_PARTY_AUTH_ERROR, 403 SENDER_ID_MISMATCH, 404 UNREGISTERED, 429
/// QUOTA_EXCEEDED, 500 INTERNAL, 503 UNAVAILABLE, 0 drops the connection); <c>POST /faults/tokens</c> with
/// <c>{"token": "...", "status": 404}</c> answers every send to one registration token so (404: it is UNREGISTERED); <c>POST /faults/expire-tokens</c> ends every access token issued so
/// far; <c>DELETE /faults</c> ends them all. Registration tokens are never logged.
/// </summary>
public sealed partial class LocalFcmEndpoint(LocalFcmAccount account, ILogger logger) : LocalHttpEndpoint
{
    private static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromHours(1);
    private readonly ConcurrentQueue<LocalFcmMessage> _messages = new();
    private readonly ConcurrentQueue<LocalFcmRequest> _requests = new();
    private readonly ConcurrentQueue<(int Status, TimeSpan? RetryAfter)> _faults = new();
    private readonly ConcurrentDictionary<string, int> _failingTokens = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _accessTokens = new();
    private readonly RsaSecurityKey _accountKey = new(account.PublicKey);
    private int _tokensIssued;

    public Uri TokenUri => new(Url!, "token");

    public IReadOnlyCollection<LocalFcmMessage> Messages => _messages;

    public IReadOnlyCollection<LocalFcmRequest> Requests => _requests;

    /// <summary>Access tokens issued so far: one per refresh.</summary>
    public int TokensIssued => _tokensIssued;

    /// <summary>The next sends answer these statuses, in order, with <paramref name="retryAfter"/> on each.</summary>
    public void FailNext(IEnumerable<int> statuses, TimeSpan? retryAfter = null)
    {
        foreach (var status in statuses)
        {
            _faults.Enqueue((status, retryAfter));
        }
    }

    /// <summary>Every send to <paramref name="token"/> answers <paramref name="status"/> until cleared (404: UNREGISTERED, an app uninstalled).</summary>
    public void FailToken(string token, int status) => _failingTokens[token] = status;

    /// <summary>Every access token issued so far stops working, as when Google revokes them before their time.</summary>
    public void ExpireAccessTokens() => _accessTokens.Clear();

    public void ClearFaults()
    {
        _faults.Clear();
        _failingTokens.Clear();
    }

    protected override void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/token", (Delegate)IssueTokenAsync);
        app.MapPost("/v1/projects/{project}/messages:send", (Delegate)SendAsync);
        app.MapGet("/messages", () => Results.Json(_messages));
        app.MapGet("/requests", () => Results.Json(_requests));
        app.MapPost("/faults", (FaultRequest fault) =>
        {
            FailNext(fault.Statuses, fault.RetryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null);
            return Results.NoContent();
        });
        app.MapPost("/faults/tokens", (TokenFaultRequest fault) =>
        {
            FailToken(fault.Token, fault.Status);
            return Results.NoContent();
        });
        app.MapPost("/faults/expire-tokens", () =>
        {
            ExpireAccessTokens();
            return Results.NoContent();
        });
        app.MapDelete("/faults", () =>
        {
            ClearFaults();
            return Results.NoContent();
        });
    }

    /// <summary>RFC 7523's JWT bearer grant, as Google's token endpoint answers it.</summary>
    private async Task<IResult> IssueTokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync().ConfigureAwait(false);
        if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer" || form["assertion"].ToString() is not { Length: > 0 } assertion)
        {
            return TokenError("unsupported_grant_type", "grant_type must be urn:ietf:params:oauth:grant-type:jwt-bearer with an assertion.");
        }

        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(assertion, new TokenValidationParameters
        {
            ValidIssuer = LocalFcmAccount.ClientEmail,
            // Google.Apis.Auth posts to the key's token_uri but names Google's token endpoint as the audience, which Google accepts.
            ValidAudiences = ["https://oauth2.googleapis.com/token", TokenUri.ToString()],
            IssuerSigningKey = _accountKey,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireExpirationTime = true,
        }).ConfigureAwait(false);
        if (!validation.IsValid)
        {
            return TokenError("invalid_grant", $"Invalid JWT Signature or claims: {validation.Exception?.GetType().Name}.");
        }

        var scopes = (validation.Claims.TryGetValue("scope", out var scope) ? scope as string : null)?.Split(' ') ?? [];
        if (!scopes.Contains("https://www.googleapis.com/auth/firebase.messaging"))
        {
            return TokenError("invalid_scope", "The assertion does not ask for the firebase.messaging scope.");
        }

        var accessToken = $"ya29.local-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24))}";
        _accessTokens[accessToken] = DateTimeOffset.UtcNow + AccessTokenLifetime;
        Interlocked.Increment(ref _tokensIssued);
        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = accessToken,
            ["expires_in"] = (int)AccessTokenLifetime.TotalSeconds - 1,
            ["token_type"] = "Bearer",
        });
    }

    private async Task<IResult> SendAsync(HttpContext context, string project)
    {
        var bearer = context.Request.Headers.Authorization.ToString();
        if (!bearer.StartsWith("Bearer ", StringComparison.Ordinal) || !_accessTokens.TryGetValue(bearer["Bearer ".Length..], out var expires)
            || expires < DateTimeOffset.UtcNow)
        {
            return Refuse(null, 401, "UNAUTHENTICATED", null,
                "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.");
        }

        if (project != LocalFcmAccount.ProjectId)
        {
            return Refuse(null, 403, "PERMISSION_DENIED", null, $"Permission denied on project {project}.");
        }

        JsonObject? message;
        try
        {
            message = (await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false))?["message"] as JsonObject;
        }
        catch (JsonException e)
        {
            return Refuse(null, 400, "INVALID_ARGUMENT", null, $"Invalid JSON payload received. {e.Message}");
        }

        var token = message?["token"] is JsonValue t && t.TryGetValue<string>(out var value) ? value : null;
        if ((message is null ? "message" : InvalidField(message)) is { } field)
        {
            return Refuse(token, 400, "INVALID_ARGUMENT", null, "Request contains an invalid argument.", field);
        }

        if (_failingTokens.TryGetValue(token!, out var failing))
        {
            return Inject(context, token!, failing, retryAfter: null);
        }

        if (_faults.TryDequeue(out var fault))
        {
            return Inject(context, token!, fault.Status, fault.RetryAfter);
        }

        var accepted = new LocalFcmMessage($"projects/{project}/messages/0:{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}%{Guid.NewGuid():N}",
            DateTimeOffset.UtcNow, token!, message!["notification"]?["title"]?.GetValue<string>(), message["notification"]?["body"]?.GetValue<string>(),
            (message["data"] as JsonObject ?? []).ToDictionary(d => d.Key, d => d.Value!.GetValue<string>()), message,
            context.Request.Headers["traceparent"].FirstOrDefault());
        _messages.Enqueue(accepted);
        _requests.Enqueue(new LocalFcmRequest(accepted.ReceivedAt, 200, token, null));
        return Results.Json(new Dictionary<string, string> { ["name"] = accepted.Name });
    }

    /// <summary>The first field FCM would refuse, by the v1 reference: one target, string data values, durations as "{n}s".</summary>
    private static string? InvalidField(JsonObject message)
    {
        if (message["token"] is not JsonValue token || !token.TryGetValue<string>(out var value) || value.Length == 0 || message["topic"] is not null || message["condition"] is not null)
        {
            return "message.token";
        }

        if (message["data"] is JsonObject data && data.FirstOrDefault(d => d.Value is not JsonValue v || !v.TryGetValue<string>(out _)) is { Key: { } key })
        {
            return $"message.data[{key}].value";
        }

        if (message["android"] is JsonObject android && (android["ttl"] is JsonValue ttl && !DurationShape().IsMatch(ttl.ToString())
            || android["priority"] is JsonValue priority && priority.ToString().ToLowerInvariant() is not ("high" or "normal")))
        {
            return "message.android";
        }

        return message["apns"]?["headers"] is JsonObject headers && headers.Any(h => h.Value is not JsonValue v || !v.TryGetValue<string>(out _))
            ? "message.apns.headers"
            : null;
    }

    private IResult Inject(HttpContext context, string token, int status, TimeSpan? retryAfter)
    {
        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        switch (status)
        {
            case 0:
                _requests.Enqueue(new LocalFcmRequest(DateTimeOffset.UtcNow, 0, token, "Connection dropped (injected fault)."));
                context.Abort();
                return Results.Empty;
            case 400:
                return Refuse(token, 400, "INVALID_ARGUMENT", null, "Request contains an invalid argument.", "message.data");
            case 401:
                return Refuse(token, 401, "UNAUTHENTICATED", "THIRD_PARTY_AUTH_ERROR", "Auth error from APNS or Web Push Service");
            case 403:
                return Refuse(token, 403, "PERMISSION_DENIED", "SENDER_ID_MISMATCH", "SenderId mismatch");
            case 404:
                return Refuse(token, 404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found.");
            case 429:
                return Refuse(token, 429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "Quota exceeded for quota metric 'Send messages'.");
            case 503:
                return Refuse(token, 503, "UNAVAILABLE", "UNAVAILABLE", "The service is currently unavailable.");
            default:
                return Refuse(token, status, "INTERNAL", "INTERNAL", "Internal error encountered.");
        }
    }

    /// <summary>
    /// Google's error body: <c>code</c>, <c>message</c>, <c>status</c>, and <c>details</c> with FCM's error code
    /// (<c>google.firebase.fcm.v1.FcmError</c>) and the invalid field (<c>google.rpc.BadRequest</c>).
    /// </summary>
    private IResult Refuse(string? token, int status, string grpcStatus, string? fcmErrorCode, string text, string? invalidField = null)
    {
        _requests.Enqueue(new LocalFcmRequest(DateTimeOffset.UtcNow, status, token, fcmErrorCode ?? grpcStatus));
        logger.LogWarning("Answered FCM send with {Status} {Code}", status, fcmErrorCode ?? grpcStatus);
        var details = new JsonArray();
        if (fcmErrorCode is not null)
        {
            details.Add(new JsonObject { ["@type"] = "type.googleapis.com/google.firebase.fcm.v1.FcmError", ["errorCode"] = fcmErrorCode });
        }

        if (invalidField is not null)
        {
            details.Add(new JsonObject
            {
                ["@type"] = "type.googleapis.com/google.rpc.BadRequest",
                ["fieldViolations"] = new JsonArray(new JsonObject { ["field"] = invalidField, ["description"] = text }),
            });
        }

        var error = new JsonObject { ["code"] = status, ["message"] = text, ["status"] = grpcStatus };
        if (details.Count > 0)
        {
            error["details"] = details;
        }

        return Results.Json(new JsonObject { ["error"] = error }, statusCode: status);
    }

    private static IResult TokenError(string error, string description) =>
        Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: StatusCodes.Status400BadRequest);

    [GeneratedRegex(@"^\d+(\.\d{1,9})?s$")]
    private static partial Regex DurationShape();

    private sealed record FaultRequest(int[] Statuses, double? RetryAfterSeconds);

    private sealed record TokenFaultRequest(string Token, int Status);
}
