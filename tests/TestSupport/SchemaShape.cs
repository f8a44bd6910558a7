using System.Text.Json.Nodes;

namespace TestSupport;

/// <summary>
/// What a documented JSON schema and the schema exported from a C# record must agree on, per property: JSON types, format,
/// required, and the same for nested objects and items (<c>$ref</c>s resolved against the document's schemas).
/// </summary>
public static class SchemaShape
{
    public static string Of(JsonNode schema, JsonNode schemas) => Describe(schema, schemas, depth: 0);

    private static string Describe(JsonNode schema, JsonNode schemas, int depth)
    {
        schema = schema["$ref"] is { } reference ? schemas[reference.GetValue<string>().Split('/')[^1]]! : schema;
        var types = schema["type"] switch
        {
            JsonArray many => many.Select(t => t!.GetValue<string>()).Order().ToList(),
            JsonValue one => [one.GetValue<string>()],
            // An enum exported from a C# enum names its values alone: strings.
            _ when schema["enum"] is JsonArray values && values.All(v => v?.GetValueKind() == System.Text.Json.JsonValueKind.String) => ["string"],
            _ => [],
        };
        var text = $"{string.Join('|', types)}{(schema["format"] is { } format ? $" ({format.GetValue<string>()})" : "")}";
        if (schema["items"] is { } items)
        {
            text += $" of {Describe(items, schemas, depth + 1)}";
        }

        if (schema["properties"] is JsonObject properties)
        {
            var required = schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
            var indent = new string(' ', 2 * (depth + 1));
            text += string.Concat(properties.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => $"\n{indent}{p.Key}{(required.Contains(p.Key) ? "*" : "")}: {Describe(p.Value!, schemas, depth + 1)}"));
        }

        return text;
    }
}
