using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ServiceDefaults.Security;

/// <summary>How many validated bearer tokens a service remembers, and for how long (configuration section <c>Authentication:TokenCache</c>).</summary>
public sealed class TokenCacheOptions
{
    public const string SectionName = "Authentication:TokenCache";

    /// <summary>0 turns the cache off: every request's token is checked in full.</summary>
    [Range(0, 1_000_000)]
    public int Entries { get; set; } = 10_000;

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(1);
}

[OptionsValidator]
public sealed partial class TokenCacheOptionsValidator : IValidateOptions<TokenCacheOptions>;
