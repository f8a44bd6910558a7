using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AppHost.Infrastructure.Aws;
using Amazon;
using Amazon.Runtime;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Notifications.Worker.Providers;
using Notifications.Worker.Templates;

namespace Notifications.Worker.Tests;

/// <summary>
/// The SES v2 and SNS requests the worker sends, against the ones the official AWS SDK sends (Fixtures/aws), and its
/// SigV4 signature (AWSSDK.Core) against the independent verifier of the local endpoint.
/// </summary>
public sealed class AwsRequestFormatTests
{
    private static readonly IOptions<NotificationsOptions> Options = Microsoft.Extensions.Options.Options.Create(new NotificationsOptions
    {
        EmailFrom = "shop@example.com",
        ConfigurationSet = "platform",
        SmsSenderId = "SHOP",
    });

    [Fact]
    public async Task SendEmailHasTheSdksPathAndBodyAndReturnsTheMessageId()
    {
        var handler = new Recorder(HttpStatusCode.OK, """{"MessageId":"0100-ses"}""", "application/json");
        var ses = new SesEmailClient(Client(handler, "ses"), Options);

        var id = await ses.SendAsync("customer@example.org", new RenderedEmail("Order 1001 confirmed", "<p>Thanks</p>", "Thanks"), "OrderCreated", default);

        var reference = Fixture("ses-v2-sendemail.json");
        Assert.Equal("0100-ses", id);
        Assert.Equal(HttpMethod.Post, handler.Request!.Method);
        Assert.Equal(reference["url"]!.GetValue<string>(), handler.Request.RequestUri!.AbsolutePath);
        Assert.Equal("application/json", handler.Request.Content!.Headers.ContentType!.MediaType);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(reference["body"]!.GetValue<string>()), JsonNode.Parse(handler.Body!)), handler.Body);
        Assert.Null(Verify(handler, "ses"));
    }

    [Fact]
    public async Task PublishHasTheSdksFormFieldsInOrderAndReturnsTheMessageId()
    {
        var handler = new Recorder(HttpStatusCode.OK,
            """<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>sns-1</MessageId></PublishResult></PublishResponse>""", "text/xml");
        var sns = new SnsSmsClient(Client(handler, "sns"), Options);

        var id = await sns.SendAsync("+15555550100", new RenderedSms("Your order 1001 has shipped", 1), default);

        var reference = QueryHelpers.ParseQuery(Fixture("sns-publish-sms.json")["body"]!.GetValue<string>());
        var sent = QueryHelpers.ParseQuery(handler.Body!);
        Assert.Equal("sns-1", id);
        Assert.Equal("/", handler.Request!.RequestUri!.AbsolutePath);
        Assert.Equal("application/x-www-form-urlencoded", handler.Request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal(reference.Select(p => (p.Key, p.Value.ToString())), sent.Select(p => (p.Key, p.Value.ToString())));
        Assert.Null(Verify(handler, "sns"));
    }

    [Fact]
    public async Task EachCallIsAClientSpanNamedAfterTheOperationWithoutTheRecipient()
    {
        using var recorded = new WorkerSpans();
        var ses = new SesEmailClient(Client(new Recorder(HttpStatusCode.OK, """{"MessageId":"m"}""", "application/json"), "ses"), Options);
        var sns = new SnsSmsClient(Client(new Recorder(HttpStatusCode.ServiceUnavailable, "<ErrorResponse/>", "text/xml"), "sns"), Options);

        await ses.SendAsync("secret@example.org", new RenderedEmail("s", "h", "t"), "e", default);
        await Assert.ThrowsAsync<ProviderException>(() => sns.SendAsync("+15555550123", new RenderedSms("x", 1), default));

        var spans = recorded.Stopped;
        Assert.Equal(["SESv2.SendEmail", "SNS.Publish"], spans.Select(s => s.DisplayName));
        Assert.All(spans, s => Assert.Equal(ActivityKind.Client, s.Kind));
        Assert.Equal(("aws-api", "Publish"), (spans[1].GetTagItem("rpc.system") as string, spans[1].GetTagItem("rpc.method") as string));
        Assert.Equal(ActivityStatusCode.Error, spans[1].Status);
        Assert.DoesNotContain(spans.SelectMany(s => s.TagObjects), t => $"{t.Value}".Contains("secret@", StringComparison.Ordinal) || $"{t.Value}".Contains("5555550123", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, """{"__type":"ServiceUnavailable","message":"x"}""", "application/json", "ServiceUnavailable", true)]
    [InlineData(HttpStatusCode.TooManyRequests, """{"__type":"TooManyRequestsException","message":"x"}""", "application/json", "TooManyRequestsException", true)]
    [InlineData(HttpStatusCode.BadRequest, """{"__type":"MessageRejected","message":"x"}""", "application/json", "MessageRejected", false)]
    [InlineData(HttpStatusCode.BadGateway, "<html>proxy</html>", "text/html", "Bad Gateway", true)]
    public async Task FailuresCarryAwsCodeAndWhetherToRetry(HttpStatusCode status, string body, string mediaType, string code, bool transient)
    {
        var ses = new SesEmailClient(Client(new Recorder(status, body, mediaType), "ses"), Options);

        var failure = await Assert.ThrowsAsync<ProviderException>(() => ses.SendAsync("a@example.org", new RenderedEmail("s", "h", "t"), "e", default));

        Assert.Equal((int)status, failure.Status);
        Assert.Equal(code, failure.Code);
        Assert.Equal(transient, failure.Transient);
    }

    [Fact]
    public async Task SnsThrottlingIsTransientEvenAsA400()
    {
        var sns = new SnsSmsClient(Client(new Recorder(HttpStatusCode.BadRequest,
            "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>", "text/xml"), "sns"), Options);

        var failure = await Assert.ThrowsAsync<ProviderException>(() => sns.SendAsync("+15555550100", new RenderedSms("x", 1), default));

        Assert.Equal("Throttling", failure.Code);
        Assert.True(failure.Transient);
    }

    private const string AccessKey = "AKIDEXAMPLE";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    private static HttpClient Client(Recorder recorder, string service) =>
        new(new AwsSigningHandler(new BasicAWSCredentials(AccessKey, SecretKey), RegionEndpoint.EUWest1, service) { InnerHandler = recorder })
        {
            BaseAddress = new Uri("http://127.0.0.1:4566/"),
        };

    private static string? Verify(Recorder recorder, string service)
    {
        var headers = recorder.Request!.Headers.Concat(recorder.Request.Content!.Headers)
            .ToDictionary(h => h.Key, h => string.Join(',', h.Value), StringComparer.OrdinalIgnoreCase);
        headers["host"] = recorder.Request.RequestUri!.Authority;
        var request = new SignedRequest("POST", recorder.Request.RequestUri.AbsolutePath, recorder.Request.RequestUri.Query, headers, Encoding.UTF8.GetBytes(recorder.Body!));
        return new SigV4Verifier(AccessKey, SecretKey, TimeProvider.System).Verify(request, service);
    }

    private static JsonNode Fixture(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "aws", name)))!;

    private sealed class Recorder(HttpStatusCode status, string body, string mediaType) : HttpMessageHandler
    {
        public HttpRequestMessage? Request { get; private set; }

        public string? Body { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Request = request;
            Body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        }
    }
}
