using System.Globalization;

namespace ServiceDefaults.Http;

/// <summary>
/// A query-string value of type <typeparamref name="T"/> (a number, a time), bound as its text and read by the endpoint
/// with <see cref="QueryValues.Read"/>, so that a value that is not a <typeparamref name="T"/> is reported in the 400
/// ProblemDetails under its parameter's name, together with the request's other problems (a parameter typed
/// <typeparamref name="T"/> fails binding instead, with a bare 400 that names nothing). The APIs' OpenAPI documents still
/// show it as a <typeparamref name="T"/> (<see cref="OpenApi.PlatformOpenApiExtensions"/>).
/// </summary>
public sealed class QueryValue<T>
    where T : struct, IParsable<T>, IComparable<T>
{
    private QueryValue(string text) => Text = text;

    /// <summary>The value as sent.</summary>
    public string Text { get; }

    /// <summary>Always succeeds: whether the text is a <typeparamref name="T"/> is for <see cref="QueryValues.Read"/> to say.</summary>
    public static bool TryParse(string? value, IFormatProvider? provider, out QueryValue<T> result)
    {
        result = new QueryValue<T>(value ?? "");
        return true;
    }
}

public static class QueryValues
{
    /// <summary>
    /// The value, or <paramref name="fallback"/> when the parameter is absent or blank; null, with a problem under
    /// <paramref name="name"/>, when it is not a <typeparamref name="T"/> or lies outside [<paramref name="min"/>, <paramref name="max"/>].
    /// </summary>
    public static T? Read<T>(this QueryValue<T>? value, string name, Dictionary<string, string[]> errors, T? fallback = null, T? min = null, T? max = null)
        where T : struct, IParsable<T>, IComparable<T>
    {
        if (value is null || string.IsNullOrWhiteSpace(value.Text))
        {
            return fallback;
        }

        if (!TryParse(value.Text.Trim(), out T parsed))
        {
            errors[name] = [$"'{value.Text}' is not {Expected<T>()}."];
            return null;
        }

        if ((min is { } least && parsed.CompareTo(least) < 0) || (max is { } most && parsed.CompareTo(most) > 0))
        {
            errors[name] = [(min, max) switch
            {
                ({ } low, { } high) => string.Create(CultureInfo.InvariantCulture, $"{name} must be from {low} to {high}."),
                ({ } low, null) => string.Create(CultureInfo.InvariantCulture, $"{name} must be {low} or more."),
                _ => string.Create(CultureInfo.InvariantCulture, $"{name} must be {max} or less."),
            }];
            return null;
        }

        return parsed;
    }

    /// <summary>The type a bound <see cref="QueryValue{T}"/> stands for, or null for any other type.</summary>
    public static Type? ValueType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(QueryValue<>) ? type.GetGenericArguments()[0] : null;

    private static bool TryParse<T>(string text, out T value)
        where T : struct, IParsable<T>, IComparable<T>
    {
        // Without thousands separators, so that "1,5" is refused rather than read as 15.
        if (typeof(T) == typeof(decimal))
        {
            var parsed = decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number);
            value = (T)(object)number;
            return parsed;
        }

        // A time without an offset is UTC, not the server's zone.
        if (typeof(T) == typeof(DateTimeOffset))
        {
            var parsed = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time);
            value = (T)(object)time;
            return parsed;
        }

        return T.TryParse(text, CultureInfo.InvariantCulture, out value);
    }

    private static string Expected<T>() => default(T) switch
    {
        int or long => "a whole number",
        decimal => "a number such as 19.99",
        DateTimeOffset => "an ISO 8601 date and time such as 2026-01-31T09:30:00Z",
        _ => $"a valid {typeof(T).Name}",
    };
}
