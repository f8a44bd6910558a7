using System.Globalization;
using System.Text.Json;
using static Search.Api.Engine.SearchFields;

namespace Search.Api.Engine.Solr;

/// <summary>Reads Solr 9's JSON answers (select with JSON facets and highlighting, errors, partial results).</summary>
public static class SolrResponses
{
    /// <summary>Throws <see cref="SolrException"/> for an error answer and <see cref="SolrTimeoutException"/> for partial results.</summary>
    public static void EnsureComplete(JsonElement root)
    {
        if (root.TryGetProperty("error", out var error))
        {
            var message = error.TryGetProperty("msg", out var msg) ? msg.GetString() : error.TryGetProperty("trace", out var trace) ? trace.GetString() : null;
            // The Schema and Config APIs say what went wrong per command in details[].errorMessages; msg is only "error processing commands".
            var details = error.TryGetProperty("details", out var d) && d.ValueKind == JsonValueKind.Array
                ? d.EnumerateArray()
                    .SelectMany(c => c.TryGetProperty("errorMessages", out var m) && m.ValueKind == JsonValueKind.Array ? m.EnumerateArray() : default)
                    .Select(m => m.GetString()?.Trim())
                    .OfType<string>()
                    .ToList()
                : [];
            if (details.Count > 0)
            {
                message = $"{message}: {string.Join("; ", details)}";
            }

            var code = error.TryGetProperty("code", out var c) && c.TryGetInt32(out var number) ? number : 500;
            throw new SolrException($"Solr error {code}: {message ?? "no message"}", code);
        }

        if (root.TryGetProperty("responseHeader", out var header)
            && header.TryGetProperty("partialResults", out var partial) && partial.ValueKind == JsonValueKind.True)
        {
            var qtime = header.TryGetProperty("QTime", out var q) ? q.GetInt32() : -1;
            throw new SolrTimeoutException($"Solr returned partial results after {qtime} ms (timeAllowed exceeded).");
        }
    }

    public static SearchHits Select(JsonElement root)
    {
        EnsureComplete(root);
        var response = root.GetProperty("response");
        var highlighting = root.TryGetProperty("highlighting", out var h) ? h : default;
        var items = response.GetProperty("docs").EnumerateArray().Select(doc => Hit(doc, highlighting)).ToList();
        var facets = root.TryGetProperty("facets", out var f) ? Facets(f) : SearchFacets.Empty;
        return new SearchHits(items, response.GetProperty("numFound").GetInt64(), facets);
    }

    public static IReadOnlyList<string> Suggestions(JsonElement root, int limit)
    {
        EnsureComplete(root);
        return [.. root.GetProperty("response").GetProperty("docs").EnumerateArray()
            .Select(doc => doc.GetProperty(Name).GetString()!).Distinct().Take(limit)];
    }

    /// <summary>
    /// The first collation that finds products: <c>spellcheck.collations</c>, a flat list (<c>json.nl=flat</c>) of
    /// <c>"collation"</c> and, with <c>collateExtendedResults</c>, <c>{collationQuery, hits, misspellingsAndCorrections}</c>.
    /// </summary>
    public static string? Collation(JsonElement root)
    {
        EnsureComplete(root);
        if (!root.TryGetProperty("spellcheck", out var spellcheck) || !spellcheck.TryGetProperty("collations", out var collations)
            || collations.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        return collations.EnumerateArray()
            .Where(c => c.ValueKind == JsonValueKind.Object && c.TryGetProperty("hits", out var hits) && hits.GetInt64() > 0)
            .Select(c => c.GetProperty("collationQuery").GetString())
            .FirstOrDefault();
    }

    public static long Count(JsonElement root)
    {
        EnsureComplete(root);
        return root.GetProperty("response").GetProperty("numFound").GetInt64();
    }

    /// <summary>The version Solr gave the document <paramref name="id"/>, from an update answered with <c>versions=true</c> (<c>"adds": [id, version, ...]</c>).</summary>
    public static long AddedVersion(JsonElement root, string id)
    {
        var adds = root.GetProperty("adds");
        for (var i = 0; i + 1 < adds.GetArrayLength(); i += 2)
        {
            if (adds[i].GetString() == id)
            {
                return adds[i + 1].GetInt64();
            }
        }

        throw new SolrException($"Solr's answer names no version for {id}.", 500);
    }

    private static SearchHit Hit(JsonElement doc, JsonElement highlighting)
    {
        var id = doc.GetProperty(SolrRequests.UniqueKey).GetString()!;
        var highlights = new Dictionary<string, string>();
        if (highlighting.ValueKind == JsonValueKind.Object && highlighting.TryGetProperty(id, out var fields))
        {
            foreach (var field in Highlighted)
            {
                if (fields.TryGetProperty(field, out var snippets) && snippets.GetArrayLength() > 0)
                {
                    highlights[field] = snippets[0].GetString()!;
                }
            }
        }

        return new SearchHit(
            Id: long.Parse(id, CultureInfo.InvariantCulture),
            Sku: String(doc, Sku) ?? "",
            Name: String(doc, Name) ?? "",
            Description: String(doc, Description),
            Price: doc.TryGetProperty(Price, out var price) ? price.GetDecimal() : 0m,
            SalePrice: doc.TryGetProperty(SalePrice, out var sale) ? sale.GetDecimal() : null,
            Categories: doc.TryGetProperty(Category, out var categories) ? [.. categories.EnumerateArray().Select(c => c.GetString()!)] : [],
            Brand: String(doc, Brand),
            Url: String(doc, Url),
            Highlights: highlights);
    }

    private static SearchFacets Facets(JsonElement facets) => new(
        Terms(facets, SolrRequests.CategoryFacet),
        Terms(facets, SolrRequests.BrandFacet),
        [.. PriceRanges.All.Select(range => new PriceRangeCount(range.From, range.To, RangeCount(facets, SolrRequests.RangeLabel(range.From, range.To))))]);

    /// <summary>A terms facet's buckets: on a no-match answer too, since each facet's domain leaves its own filter out (`excludeTags`).</summary>
    private static List<FacetCount> Terms(JsonElement facets, string name) =>
        facets.TryGetProperty(name, out var facet) && facet.TryGetProperty("buckets", out var buckets)
            ? [.. buckets.EnumerateArray().Select(b => new FacetCount(b.GetProperty("val").GetString()!, b.GetProperty("count").GetInt64()))]
            : [];

    private static long RangeCount(JsonElement facets, string label) =>
        facets.TryGetProperty(SolrRequests.PriceFacet, out var facet) && facet.TryGetProperty("buckets", out var buckets)
            ? buckets.EnumerateArray().Where(b => b.GetProperty("val").GetString() == label).Select(b => b.GetProperty("count").GetInt64()).FirstOrDefault()
            : 0;

    private static string? String(JsonElement doc, string field) =>
        doc.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
