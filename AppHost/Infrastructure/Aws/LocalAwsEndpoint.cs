using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace AppHost.Infrastructure.Aws;

/// <summary>
/// SES v2 <c>SendEmail</c> and SNS <c>Publish</c> on one local HTTP listener, in the AppHost process: checks SigV4 as
/// AWS does, answers in AWS's formats, keeps every accepted message (<c>GET /messages</c>) and every request
/// (<c>GET /requests</c>), and fails on demand: <c>POST /faults/{ses|sns}</c> with a JSON array of status codes answers
/// them in turn to the next requests; <c>POST /faults/{ses|sns}/outage</c> with <c>{"seconds": 60, "status": 503}</c>
/// answers every request with that status for that long (429 is throttling, 0 drops the connection);
/// <c>POST /faults/{ses|sns}/recipients</c> with <c>{"recipient": "...", "status": 503}</c> fails every send to one
/// recipient; <c>DELETE /faults</c> ends them all.
/// </summary>
public sealed class LocalAwsEndpoint(SigV4Verifier verifier, ILogger logger) : LocalHttpEndpoint
{
    private readonly ConcurrentQueue<LocalAwsMessage> _messages = new();
    private readonly ConcurrentQueue<LocalAwsRequest> _requests = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _faults = new();
    private readonly ConcurrentDictionary<string, LocalAwsOutage> _outages = new();
    private readonly ConcurrentDictionary<(string Service, string Recipient), int> _failingRecipients = new();
    public IReadOnlyCollection<LocalAwsMessage> Messages => _messages;

    public IReadOnlyCollection<LocalAwsRequest> Requests => _requests;

    /// <summary>The next requests to <paramref name="service"/> answer these statuses, in order, instead of being accepted.</summary>
    public void FailNext(string service, IEnumerable<int> statuses)
    {
        var queue = _faults.GetOrAdd(service, _ => new ConcurrentQueue<int>());
        foreach (var status in statuses)
        {
            queue.Enqueue(status);
        }
    }

    /// <summary>Every request to <paramref name="service"/> answers <paramref name="status"/> (0: the connection drops) for <paramref name="duration"/>.</summary>
    public void StartOutage(string service, TimeSpan duration, int status) =>
        _outages[service] = new LocalAwsOutage(DateTimeOffset.UtcNow + duration, status);

    /// <summary>Every send to <paramref name="recipient"/> through <paramref name="service"/> answers <paramref name="status"/> until cleared.</summary>
    public void FailRecipient(string service, string recipient, int status) => _failingRecipients[(service, recipient)] = status;

    public void ClearFaults()
    {
        _faults.Clear();
        _outages.Clear();
        _failingRecipients.Clear();
    }

    protected override void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v2/email/outbound-emails", (Delegate)SendEmailAsync);
        app.MapPost("/", (Delegate)PublishAsync);
        app.MapGet("/messages", (string? to) => Results.Json(_messages.Where(m => to is null || m.To.Contains(to))));
        app.MapGet("/requests", () => Results.Json(_requests));
        app.MapPost("/faults/{service}", (string service, int[] statuses) =>
        {
            FailNext(service, statuses);
            return Results.NoContent();
        });
        app.MapPost("/faults/{service}/outage", (string service, OutageRequest outage) =>
        {
            StartOutage(service, TimeSpan.FromSeconds(outage.Seconds), outage.Status);
            return Results.NoContent();
        });
        app.MapPost("/faults/{service}/recipients", (string service, RecipientFaultRequest fault) =>
        {
            FailRecipient(service, fault.Recipient, fault.Status);
            return Results.NoContent();
        });
        app.MapDelete("/faults", () =>
        {
            ClearFaults();
            return Results.NoContent();
        });
    }

    private async Task<IResult> SendEmailAsync(HttpContext context)
    {
        var request = context.Request;
        var (signed, rejected) = await ReadSignedAsync(request, "ses").ConfigureAwait(false);
        if (rejected is not null)
        {
            return rejected;
        }

        JsonNode? email;
        try
        {
            email = JsonNode.Parse(signed!.Body);
        }
        catch (JsonException e)
        {
            return Reject("ses", null, HttpStatusCode.BadRequest, "BadRequestException", $"Could not parse the request body: {e.Message}");
        }

        var to = email?["Destination"]?["ToAddresses"]?.AsArray().Select(a => a!.GetValue<string>()).ToList() ?? [];
        var simple = email?["Content"]?["Simple"];
        if (to.Count == 0 || email?["FromEmailAddress"] is null || simple?["Subject"]?["Data"] is null)
        {
            return Reject("ses", to.FirstOrDefault(), HttpStatusCode.BadRequest, "BadRequestException",
                "Destination.ToAddresses, FromEmailAddress and Content.Simple.Subject are required.");
        }

        if (NextFault(context, "ses", to[0]) is { } fault)
        {
            return fault;
        }

        var message = new LocalAwsMessage(Guid.NewGuid().ToString(), "ses", DateTimeOffset.UtcNow, email!["FromEmailAddress"]!.GetValue<string>(), to,
            simple["Subject"]!["Data"]!.GetValue<string>(), simple["Body"]?["Text"]?["Data"]?.GetValue<string>(),
            simple["Body"]?["Html"]?["Data"]?.GetValue<string>(),
            (email["EmailTags"]?.AsArray() ?? []).ToDictionary(t => t!["Name"]!.GetValue<string>(), t => t!["Value"]!.GetValue<string>()),
            signed.Headers.GetValueOrDefault("traceparent"));
        Accept(message);
        return Results.Json(new Dictionary<string, string> { ["MessageId"] = message.MessageId });
    }

    private async Task<IResult> PublishAsync(HttpContext context)
    {
        var request = context.Request;
        var (signed, rejected) = await ReadSignedAsync(request, "sns").ConfigureAwait(false);
        if (rejected is not null)
        {
            return rejected;
        }

        var form = QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(signed!.Body));
        string? Field(string name) => form.TryGetValue(name, out var value) ? value.ToString() : null;
        var phone = Field("PhoneNumber");
        if (Field("Action") != "Publish" || Field("Version") != "2010-03-31" || phone is null || Field("Message") is null)
        {
            return Reject("sns", phone, HttpStatusCode.BadRequest, "InvalidParameter", "Action=Publish, Version=2010-03-31, PhoneNumber and Message are required.");
        }

        if (NextFault(context, "sns", phone) is { } fault)
        {
            return fault;
        }

        var attributes = new Dictionary<string, string>();
        for (var i = 1; Field($"MessageAttributes.entry.{i}.Name") is { } name; i++)
        {
            attributes[name] = Field($"MessageAttributes.entry.{i}.Value.StringValue") ?? "";
        }

        var message = new LocalAwsMessage(Guid.NewGuid().ToString(), "sns", DateTimeOffset.UtcNow, null, [phone], null, Field("Message"), null, attributes,
            signed.Headers.GetValueOrDefault("traceparent"));
        Accept(message);
        var response = new XElement(Sns + "PublishResponse",
            new XElement(Sns + "PublishResult", new XElement(Sns + "MessageId", message.MessageId)),
            new XElement(Sns + "ResponseMetadata", new XElement(Sns + "RequestId", Guid.NewGuid())));
        return Results.Content(response.ToString(), "text/xml");
    }

    private static readonly XNamespace Sns = "http://sns.amazonaws.com/doc/2010-03-31/";

    private async Task<(SignedRequest? Request, IResult? Rejected)> ReadSignedAsync(HttpRequest request, string service)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body).ConfigureAwait(false);
        var signed = new SignedRequest(request.Method, request.Path.Value ?? "/", request.QueryString.Value ?? "",
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body.ToArray());
        return verifier.Verify(signed, service) is { } error
            ? (null, Reject(service, null, HttpStatusCode.Forbidden, service == "ses" ? "InvalidSignatureException" : "SignatureDoesNotMatch", error))
            : (signed, null);
    }

    /// <summary>An outage first, then a failing recipient, then the next count-based fault; null to accept.</summary>
    private IResult? NextFault(HttpContext context, string service, string recipient)
    {
        int? status = _outages.TryGetValue(service, out var outage) && outage.Until > DateTimeOffset.UtcNow ? outage.Status
            : _failingRecipients.TryGetValue((service, recipient), out var failing) ? failing
            : _faults.TryGetValue(service, out var queue) && queue.TryDequeue(out var next) ? next
            : null;
        switch (status)
        {
            case null:
                return null;
            case 0:
                _requests.Enqueue(new LocalAwsRequest(service, DateTimeOffset.UtcNow, 0, recipient, "Connection dropped (injected fault)."));
                context.Abort();
                return Results.Empty;
            case 429:
                return Reject(service, recipient, HttpStatusCode.TooManyRequests, service == "ses" ? "TooManyRequestsException" : "Throttled", "Injected fault.");
            default:
                return Reject(service, recipient, (HttpStatusCode)status, "ServiceUnavailable", "Injected fault.");
        }
    }

    private void Accept(LocalAwsMessage message)
    {
        _messages.Enqueue(message);
        // No log line per message: thousands a second in a burst, and /messages and /requests have them all.
        _requests.Enqueue(new LocalAwsRequest(message.Service, message.ReceivedAt, 200, message.To[0], null));
    }

    /// <summary>An error as the service would answer it: JSON for SES v2, a Query API ErrorResponse for SNS.</summary>
    private IResult Reject(string service, string? recipient, HttpStatusCode status, string code, string reason)
    {
        _requests.Enqueue(new LocalAwsRequest(service, DateTimeOffset.UtcNow, (int)status, recipient, $"{code}: {reason}"));
        logger.LogWarning("Answered {Service} with {Status} {Code}: {Reason}", service, (int)status, code, reason);
        if (service == "ses")
        {
            return Results.Json(new Dictionary<string, string> { ["__type"] = code, ["message"] = reason }, statusCode: (int)status);
        }

        var error = new XElement(Sns + "ErrorResponse",
            new XElement(Sns + "Error", new XElement(Sns + "Type", (int)status >= 500 ? "Receiver" : "Sender"),
                new XElement(Sns + "Code", code), new XElement(Sns + "Message", reason)),
            new XElement(Sns + "RequestId", Guid.NewGuid()));
        return Results.Content(error.ToString(), "text/xml", statusCode: (int)status);
    }

    private sealed record LocalAwsOutage(DateTimeOffset Until, int Status);

    private sealed record OutageRequest(double Seconds, int Status);

    private sealed record RecipientFaultRequest(string Recipient, int Status);
}
