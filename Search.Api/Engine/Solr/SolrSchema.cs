using System.Text.Json.Nodes;
using static Search.Api.Engine.SearchFields;

namespace Search.Api.Engine.Solr;

/// <summary>
/// The fields Search.Api needs in the stock <c>_default</c> configset's managed schema (whose field types <c>text_en</c>,
/// <c>text_general</c>, <c>string</c>, <c>plong</c>, <c>pdouble</c> and <c>pdate</c> it uses), added through the Schema API
/// when missing: the stock <c>solr</c> image works without a custom image or bind mount.
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
    ];

    /// <summary>The Schema API command adding the fields not in <paramref name="existing"/>, or null when none is missing.</summary>
    public static JsonObject? AddMissing(IReadOnlySet<string> existing)
    {
        var missing = Fields.Where(f => !existing.Contains((string)f["name"]!)).Select(f => (JsonNode)f.DeepClone()).ToArray();
        return missing.Length == 0 ? null : new JsonObject { ["add-field"] = new JsonArray(missing) };
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
