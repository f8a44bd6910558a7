using System.Text;
using System.Text.Json;
using AppHost.Infrastructure.Aws;

namespace AppHost.Tests;

/// <summary>
/// The local AWS endpoint's signature check against requests the official AWS SDK for JavaScript signed
/// (Fixtures/aws, captured with the AWS documentation's example credentials).
/// </summary>
public sealed class SigV4VerifierTests
{
    private const string AccessKeyId = "AKIDEXAMPLE";
    private const string SecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    [Theory]
    [InlineData("ses-v2-sendemail.json", "ses")]
    [InlineData("sns-publish-sms.json", "sns")]
    public void AcceptsWhatTheAwsSdkSigned(string fixture, string service)
    {
        var (request, signedAt) = Load(fixture);

        Assert.Null(Verifier(signedAt.AddMinutes(3)).Verify(request, service));
    }

    [Theory]
    [InlineData("ses-v2-sendemail.json", "ses")]
    [InlineData("sns-publish-sms.json", "sns")]
    public void RefusesATamperedBodyAnotherServiceAWrongKeyAndAnOldRequest(string fixture, string service)
    {
        var (request, signedAt) = Load(fixture);
        var tampered = request with { Body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(request.Body).Replace("1001", "1002", StringComparison.Ordinal)) };
        var rehashed = tampered with
        {
            Headers = new Dictionary<string, string>(tampered.Headers) { ["x-amz-content-sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(tampered.Body)) },
        };

        Assert.Contains("x-amz-content-sha256", Verifier(signedAt).Verify(tampered, service));
        Assert.Contains("signature we calculated does not match", Verifier(signedAt).Verify(rehashed, service));
        Assert.Contains("scoped to correct service", Verifier(signedAt).Verify(request, service == "ses" ? "sns" : "ses"));
        Assert.Contains("signature we calculated does not match", new SigV4Verifier(AccessKeyId, "another-secret", Clock(signedAt)).Verify(request, service));
        Assert.Contains("expired", Verifier(signedAt.AddMinutes(16)).Verify(request, service));
    }

    private static SigV4Verifier Verifier(DateTimeOffset now) => new(AccessKeyId, SecretAccessKey, Clock(now));

    private static TimeProvider Clock(DateTimeOffset now) => new FixedClock(now);

    private static (SignedRequest Request, DateTimeOffset SignedAt) Load(string fixture)
    {
        using var capture = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "aws", fixture)));
        var root = capture.RootElement;
        var headers = root.GetProperty("headers").EnumerateObject().ToDictionary(h => h.Name, h => h.Value.GetString()!);
        var signedAt = DateTimeOffset.ParseExact(headers["x-amz-date"], "yyyyMMdd'T'HHmmss'Z'", null, System.Globalization.DateTimeStyles.AssumeUniversal);
        return (new SignedRequest(root.GetProperty("method").GetString()!, root.GetProperty("url").GetString()!, "", headers,
            Encoding.UTF8.GetBytes(root.GetProperty("body").GetString()!)), signedAt);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
