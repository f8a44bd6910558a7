using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace AdminUi;

/// <summary>How the console signs people in (<c>AdminUi</c> section): the development provider locally, the company's in production.</summary>
public sealed class AdminUiOptions
{
    public const string SectionName = "AdminUi";

    /// <summary>The OpenID Connect authority (issuer URL) the browser signs in at.</summary>
    [Required, Url]
    public string Authority { get; set; } = "";

    /// <summary>The console's public client at that authority (authorization code with PKCE).</summary>
    [Required]
    public string ClientId { get; set; } = "admin-ui";

    /// <summary>The scopes asked for: each API the console calls (its token's audiences).</summary>
    [Required]
    public string Scope { get; set; } = "openid reporting-api notifications-worker search-api";
}

/// <summary>Checks <see cref="AdminUiOptions"/> at start (generated from its annotations).</summary>
[OptionsValidator]
public sealed partial class AdminUiOptionsValidator : IValidateOptions<AdminUiOptions>;

/// <summary>What the single-page app reads at <c>/config.json</c>.</summary>
public sealed record AdminUiConfig(string Authority, string ClientId, string Scope);
