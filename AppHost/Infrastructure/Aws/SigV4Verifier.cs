using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace AppHost.Infrastructure.Aws;

/// <summary>A received request as the verifier needs it: header names in any case, the body as sent.</summary>
public sealed record SignedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>
/// Checks AWS Signature Version 4 the way AWS does, written from the published algorithm (not with the SDK that signs
/// the platform's requests, so that each side checks the other): the credential scope, a timestamp within 15 minutes,
/// the body hash, then the signature recomputed over exactly the headers the caller signed.
/// </summary>
public sealed partial class SigV4Verifier(string accessKeyId, string secretAccessKey, TimeProvider clock)
{
    private static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(15);

    /// <summary>Null when the signature is valid for <paramref name="service"/>, else why not (AWS's error wording).</summary>
    public string? Verify(SignedRequest request, string service)
    {
        var headers = new Dictionary<string, string>(request.Headers, StringComparer.OrdinalIgnoreCase);
        if (!headers.TryGetValue("authorization", out var authorization) || AuthorizationPattern().Match(authorization) is not { Success: true } auth)
        {
            return "Missing or malformed AWS4-HMAC-SHA256 Authorization header.";
        }

        var (key, date, region, scopeService) = (auth.Groups["key"].Value, auth.Groups["date"].Value, auth.Groups["region"].Value, auth.Groups["service"].Value);
        if (key != accessKeyId)
        {
            return "The security token included in the request is invalid.";
        }

        if (scopeService != service)
        {
            return $"Credential should be scoped to correct service: '{service}'.";
        }

        if (!headers.TryGetValue("x-amz-date", out var amzDate)
            || !DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt)
            || amzDate[..8] != date)
        {
            return "X-Amz-Date is missing or does not match the credential scope.";
        }

        if ((clock.GetUtcNow() - signedAt).Duration() > AllowedSkew)
        {
            return "Signature expired: the request time is more than 15 minutes from the server time.";
        }

        var bodyHash = Hex(SHA256.HashData(request.Body));
        if (headers.TryGetValue("x-amz-content-sha256", out var declared) && declared != bodyHash)
        {
            return "The provided x-amz-content-sha256 header does not match what was computed.";
        }

        var signedHeaders = auth.Groups["headers"].Value.Split(';');
        if (!signedHeaders.Contains("host") || signedHeaders.Any(h => !headers.ContainsKey(h)))
        {
            return "The signed headers must include host and be present in the request.";
        }

        var canonicalRequest = string.Join('\n',
            request.Method.ToUpperInvariant(),
            CanonicalPath(request.Path),
            CanonicalQuery(request.Query),
            string.Concat(signedHeaders.Select(h => $"{h}:{CollapseSpaces().Replace(headers[h].Trim(), " ")}\n")),
            string.Join(';', signedHeaders),
            bodyHash);
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var signingKey = new[] { date, region, service, "aws4_request" }
            .Aggregate(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), (k, part) => HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(part)));
        var expected = Hex(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign)));

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(auth.Groups["signature"].Value))
            ? null
            : "The request signature we calculated does not match the signature you provided.";
    }

    private static string CanonicalPath(string path) =>
        path.Length == 0 ? "/" : string.Join('/', path.Split('/').Select(segment => Encode(Uri.UnescapeDataString(segment))));

    private static string CanonicalQuery(string query) => string.Join('&', query.TrimStart('?')
        .Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(pair => pair.Split('=', 2))
        .Select(kv => (Key: Encode(Uri.UnescapeDataString(kv[0])), Value: Encode(Uri.UnescapeDataString(kv.Length > 1 ? kv[1] : ""))))
        .OrderBy(kv => kv.Key, StringComparer.Ordinal).ThenBy(kv => kv.Value, StringComparer.Ordinal)
        .Select(kv => $"{kv.Key}={kv.Value}"));

    /// <summary>RFC 3986 encoding: unreserved characters as they are, everything else %XX in upper case.</summary>
    private static string Encode(string value) => string.Concat(Encoding.UTF8.GetBytes(value).Select(b =>
        char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~' ? ((char)b).ToString() : $"%{b:X2}"));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request, ?SignedHeaders=(?<headers>[a-z0-9;\-]+), ?Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();

    [GeneratedRegex(" {2,}")]
    private static partial Regex CollapseSpaces();
}
