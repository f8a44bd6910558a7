using System.Text.Json;
using System.Text.Json.Nodes;
using static Search.Api.Engine.SearchFields;

namespace Search.Api.Engine.Solr;

/// <summary>
/// The fields Search.Api needs in the stock <c>_default</c> configset's managed schema (whose field types <c>text_en</c>,
/// <c>text_general</c>, <c>string</c>, <c>plong</c>, <c>pdouble</c> and <c>pdate</c> it uses), added through the Schema API
/// when missing and replaced when they exist with another type or cardinality (as schemaless mode creates them, from a
/// document that came first: <c>text_general</c>, multi-valued): the stock <c>solr</c> image works without a custom image
/// or bind mount.
/// </summary>
public static class SolrSchema
{
    public static readonly IReadOnlyList<JsonObject> Fields =
    [
        Field(Id, "plong"),
        Field(Sku, "string"),
        Field(Skus, "text_en", stored: false, multiValued: true),
        Field(Name, "text_en"),
        Field(NameExact, "string", stored: false),
        Field(NameSort, "string", stored: false),
        Field(NameSuggest, "text_general", stored: false),
        Field(Description, "text_en"),
        Field(Brand, "string"),
        Field(BrandText, "text_en", stored: false),
        Field(Category, "string", multiValued: true),
        Field(CategoryText, "text_en", stored: false, multiValued: true),
        Field(Price, "pdouble"),
        Field(SalePrice, "pdouble"),
        Field(EffectivePrice, "pdouble", stored: false),
        Field(Url, "string", indexed: false),
        Field(ActiveFrom, "pdate", stored: false),
        Field(SolrRequests.IndexGeneration, "string", stored: false),
        Field(SolrIndexState.Field, "string", indexed: false),
    ];

    /// <summary>
    /// The Schema API command adding the fields <paramref name="existing"/> lacks and replacing those it has with another
    /// <c>type</c> or <c>multiValued</c>; null when the schema is as needed.
    /// </summary>
    /// <param name="existing">The core's fields by name, with their properties as <c>schema/fields?showDefaults=true</c> lists them.</param>
    /// <param name="replaced">The fields replaced, each with what it was: their documents must be indexed again.</param>
    public static JsonObject? Changes(IReadOnlyDictionary<string, JsonElement> existing, out IReadOnlyList<string> replaced)
    {
        var missing = new JsonArray();
        var wrong = new JsonArray();
        var found = new List<string>();
        foreach (var field in Fields)
        {
            var name = (string)field["name"]!;
            if (!existing.TryGetValue(name, out var actual))
            {
                missing.Add(field.DeepClone());
                continue;
            }

            var (type, multiValued) = (actual.GetProperty("type").GetString(), actual.TryGetProperty("multiValued", out var m) && m.GetBoolean());
            if (type != (string)field["type"]! || multiValued != (bool)field["multiValued"]!)
            {
                wrong.Add(field.DeepClone());
                found.Add($"{name} ({type}{(multiValued ? ", multi-valued" : "")})");
            }
        }

        replaced = found;
        var command = new JsonObject();
        if (missing.Count > 0)
        {
            command["add-field"] = missing;
        }

        if (wrong.Count > 0)
        {
            command["replace-field"] = wrong;
        }

        return command.Count == 0 ? null : command;
    }

    private static JsonObject Field(string name, string type, bool stored = true, bool indexed = true, bool multiValued = false) => new()
    {
        ["name"] = name,
        ["type"] = type,
        ["stored"] = stored,
        ["indexed"] = indexed,
        ["multiValued"] = multiValued,
    };
}
