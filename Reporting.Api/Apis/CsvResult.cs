using System.Globalization;
using System.Text;

namespace Reporting.Api.Apis;

/// <summary>
/// A list report's page as <c>text/csv</c>: a header of the row's property names as JSON writes them, then one line per
/// row. A nested record (a row's <c>change</c>) is spread into columns named by its path: <c>change.revenue.percent</c>.
/// </summary>
public sealed class CsvResult<T>(IReadOnlyList<T> rows) : IResult
{
    private sealed record Column(string Name, Func<object, object?> Read);

    private static readonly Column[] Columns = ColumnsOf(typeof(T), "", row => row);

    private static Column[] ColumnsOf(Type type, string prefix, Func<object, object?> parent) =>
    [
        .. type.GetProperties().SelectMany(property =>
        {
            var name = prefix + JsonName(property.Name);
            Func<object, object?> read = row => parent(row) is { } owner ? property.GetValue(owner) : null;
            var valueType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            return valueType.IsClass && valueType != typeof(string)
                ? ColumnsOf(valueType, name + ".", read)
                : [new Column(name, read)];
        }),
    ];

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.ContentType = "text/csv; charset=utf-8";
        var csv = new StringBuilder();
        csv.AppendJoin(',', Columns.Select(c => Escape(c.Name))).Append("\r\n");
        foreach (var row in rows)
        {
            csv.AppendJoin(',', Columns.Select(c => Escape(Format(c.Read(row!))))).Append("\r\n");
        }

        await httpContext.Response.WriteAsync(csv.ToString(), httpContext.RequestAborted);
    }

    private static string JsonName(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static string Format(object? value) => value switch
    {
        null => "",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>RFC 4180 quoting, and a leading quote mark against formula injection in spreadsheets.</summary>
    private static string Escape(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' && !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
