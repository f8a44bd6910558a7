using System.Text.RegularExpressions;

namespace Search.Api.Engine;

/// <summary>What a suggestion matches: the typed words, lower case, the last one possibly unfinished.</summary>
public static partial class SuggestWords
{
    public static IReadOnlyList<string> Split(string typed) =>
        [.. Word().Matches(typed.ToLowerInvariant()).Select(m => m.Value)];

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
