using System.Globalization;
using System.Text.Json.Nodes;
using Search.Api.Catalog;
using Search.Api.Merchandising;
using static Search.Api.Engine.SearchFields;

namespace Search.Api.Engine.Solr;

/// <summary>
/// The bodies Search.Api sends to Solr's JSON Request API (<c>select</c>) and update handler, built from a validated
/// query: values only ever appear quoted and escaped, never as query syntax.
/// </summary>
public static class SolrRequests
{
    /// <summary>Solr's unique key in the stock schema: the product id as text.</summary>
    public const string UniqueKey = "id";

    /// <summary>Which full reindex wrote a document: searches see the live one only (<see cref="SolrIndexState"/>).</summary>
    public const string IndexGeneration = "index_generation";

    /// <summary>How soon a product change is visible: Solr soft-commits within this (no hard commit, no cold searcher per event).</summary>
    public static readonly TimeSpan CommitWithin = TimeSpan.FromSeconds(1);

    /// <summary>The facets' names in the request and the answer; each filter is tagged with its facet's name.</summary>
    public const string CategoryFacet = "category";
    public const string BrandFacet = "brand";
    public const string PriceFacet = "price";

    private static readonly string StoredFields = string.Join(',', UniqueKey, Sku, Name, Description, Price, SalePrice, Category, Brand, Url);

    /// <param name="timeAllowed">Solr stops collecting after this long and flags the answer <c>partialResults</c>.</param>
    /// <param name="generation">The live generation: documents of any other (a reindex under way or failed) stay unseen.</param>
    public static JsonObject Select(SearchQuery query, TimeSpan timeAllowed, string generation)
    {
        var parameters = WordsParser();
        parameters["q.alt"] = "*:*";
        parameters["pf"] = $"{Name}^{Number(NamePhraseBoost)}";
        parameters["timeAllowed"] = (long)timeAllowed.TotalMilliseconds;
        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            parameters["q"] = Words(query.Text, query.Synonyms);
            parameters["bq"] = $"{NameExact}:{Quoted(NormalizeName(query.Text))}^{Number(ExactBoost)}";
            parameters["hl"] = true;
            parameters["hl.fl"] = string.Join(',', Highlighted);
            parameters["hl.encoder"] = "html";
            parameters["hl.tag.pre"] = "<em>";
            parameters["hl.tag.post"] = "</em>";
            parameters["hl.fragsize"] = 100;
        }

        return new JsonObject
        {
            ["params"] = parameters,
            ["filter"] = new JsonArray([GenerationFilter(generation), .. Filters(query).Select(f => JsonValue.Create(f))]),
            ["offset"] = query.Offset,
            ["limit"] = query.PageSize,
            ["sort"] = Sort(query.Sort),
            ["fields"] = StoredFields,
            ["facet"] = new JsonObject
            {
                [CategoryFacet] = TermsFacet(Category, CategoryFacet),
                [BrandFacet] = TermsFacet(Brand, BrandFacet),
                [PriceFacet] = new JsonObject
                {
                    ["type"] = "range",
                    ["field"] = EffectivePrice,
                    ["ranges"] = new JsonArray([.. PriceRanges.All.Select(r => (JsonNode)new JsonObject { ["range"] = RangeLabel(r.From, r.To) })]),
                    ["domain"] = new JsonObject { ["excludeTags"] = PriceFacet },
                },
            },
        };
    }

    /// <summary>Names whose words start with the typed words: all but the last whole, the last as a prefix.</summary>
    public static JsonObject Suggest(IReadOnlyList<string> words, int candidates, string generation) => new()
    {
        // The words are letters and digits only (SuggestWords), so they need no escaping.
        ["query"] = $"{{!lucene q.op=AND df={NameSuggest}}}{string.Join(' ', [.. words.SkipLast(1), words[^1] + "*"])}",
        ["filter"] = new JsonArray(GenerationFilter(generation)),
        ["limit"] = candidates,
        ["sort"] = $"score desc,{NameSort} asc",
        ["fields"] = Name,
    };

    /// <summary>The spellcheck component and handler "did you mean" uses, for the Config API (<c>add-</c> or <c>update-</c>).</summary>
    public const string SpellHandler = "/platform-spell";

    public static JsonObject SpellcheckConfig(string verb) => new()
    {
        [$"{verb}-searchcomponent"] = new JsonObject
        {
            ["name"] = "platform-spellcheck",
            ["class"] = "solr.SpellCheckComponent",
            // The product names' words, unstemmed: a correction is a word shoppers see.
            ["spellchecker"] = new JsonObject
            {
                ["name"] = "names",
                ["classname"] = "solr.DirectSolrSpellChecker",
                ["field"] = NameSuggest,
                ["distanceMeasure"] = "internal",
                ["maxEdits"] = 2,
                ["minPrefix"] = 1,
                ["minQueryLength"] = 3,
            },
        },
        [$"{verb}-requesthandler"] = new JsonObject
        {
            ["name"] = SpellHandler,
            ["class"] = "solr.SearchHandler",
            ["last-components"] = new JsonArray("platform-spellcheck"),
        },
    };

    /// <summary>
    /// "Did you mean": the words checked against the names' dictionary, and the corrected query tried with the search's
    /// own parser, fields and filters (<c>maxCollationTries</c>), so that only a correction that finds products comes back.
    /// </summary>
    public static JsonObject Spell(SearchQuery query, string generation)
    {
        // Letters and digits only (SuggestWords): no escaping needed, and the collation reads as the shopper's words.
        var words = string.Join(' ', SuggestWords.Split(query.Text));
        var parameters = WordsParser();
        parameters["q"] = words;
        parameters["spellcheck.q"] = words;
        parameters["spellcheck"] = true;
        parameters["spellcheck.dictionary"] = "names";
        parameters["spellcheck.collate"] = true;
        parameters["spellcheck.maxCollationTries"] = 5;
        parameters["spellcheck.maxCollations"] = 1;
        parameters["spellcheck.collateExtendedResults"] = true;
        return new JsonObject
        {
            ["params"] = parameters,
            ["filter"] = new JsonArray([GenerationFilter(generation), .. Filters(query).Select(f => JsonValue.Create(f))]),
            ["limit"] = 0,
        };
    }

    public static JsonObject Count(string generation) => new() { ["query"] = "*:*", ["filter"] = new JsonArray(GenerationFilter(generation)), ["limit"] = 0 };

    /// <summary>A product as a document of <paramref name="generation"/>: each generation has its own copy (its own key).</summary>
    public static JsonObject Document(ProductDocument product, string generation)
    {
        var normalizedName = NormalizeName(product.Name);
        var document = new JsonObject
        {
            [UniqueKey] = $"{generation}/{product.Id.ToString(CultureInfo.InvariantCulture)}",
            [Id] = product.Id,
            [Sku] = product.Sku,
            [Skus] = new JsonArray([.. product.Skus.Select(s => JsonValue.Create(s))]),
            [Name] = product.Name,
            [NameExact] = normalizedName,
            [NameSort] = normalizedName,
            [NameSuggest] = product.Name,
            [Description] = product.Description,
            [Brand] = product.Brand,
            [BrandText] = product.Brand,
            [Category] = new JsonArray([.. product.Categories.Select(c => JsonValue.Create(c))]),
            [CategoryText] = new JsonArray([.. product.Categories.Select(c => JsonValue.Create(c))]),
            [Price] = product.Price,
            [SalePrice] = product.SalePrice,
            [EffectivePrice] = product.EffectivePrice,
            [Url] = product.Url,
            [ActiveFrom] = DateTime.SpecifyKind(product.ActiveFrom, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            [IndexGeneration] = generation,
        };
        foreach (var empty in document.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            document.Remove(empty);
        }

        return document;
    }

    /// <summary>
    /// Before a full reindex: every document that is neither the live generation's nor the state (the generation before
    /// the live one, a failed reindex's) goes; unseen by searches either way.
    /// </summary>
    public static JsonObject DeleteAllBut(string? liveGeneration) => new()
    {
        ["delete"] = new JsonObject
        {
            ["query"] = $"*:* -{UniqueKey}:{Quoted(SolrIndexState.DocumentId)}{(liveGeneration is null ? "" : $" -{IndexGeneration}:{Quoted(liveGeneration)}")}",
        },
    };

    /// <summary>A product gone from the catalog: its copy in every generation.</summary>
    public static JsonObject Delete(long productId) => new()
    {
        ["delete"] = new JsonObject { ["query"] = $"{Id}:{productId.ToString(CultureInfo.InvariantCulture)}" },
    };

    /// <summary>
    /// A shopper's text as words only, the same as the embedded engine reads it: Lucene's special characters escaped and
    /// the text lowercased, so that edismax sees no <c>+ - " * ~</c>, no <c>AND OR NOT</c> (with <c>lowercaseOperators</c>
    /// off), no field syntax. A word of a synonym group becomes the group, <c>(chilli OR chili OR "red pepper")</c>: the
    /// only operators in <c>q</c> are these.
    /// </summary>
    public static string Words(string text, IReadOnlyList<IReadOnlyList<string>> synonyms) => string.Join(' ',
        text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(word =>
            SearchMerchandising.GroupOf(word, synonyms) is { } group
                ? $"({string.Join(" OR ", group.Select(member => member.Contains(' ') ? $"\"{Escape(member)}\"" : Escape(member)))})"
                : Escape(word)));

    private static string Escape(string text)
    {
        var escaped = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '+' or '-' or '&' or '|' or '!' or '(' or ')' or '{' or '}' or '[' or ']' or '^' or '"' or '~' or '*' or '?' or ':' or '\\' or '/')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    /// <summary>How a search reads the shopper's words (edismax over the query fields, every word required), for search and spelling alike.</summary>
    private static JsonObject WordsParser() => new()
    {
        ["defType"] = "edismax",
        // Shoppers' words are words: no field:value syntax reaching other fields.
        ["uf"] = "-*",
        ["lowercaseOperators"] = false,
        ["qf"] = string.Join(' ', QueryFields.Select(f => $"{f.Field}^{Number(f.Boost)}")),
        ["mm"] = "100%",
        ["tie"] = "0.1",
    };

    private static string GenerationFilter(string generation) => $"{IndexGeneration}:{Quoted(generation)}";

    /// <summary>The price facet's bucket labels: Solr echoes them as each bucket's <c>val</c>.</summary>
    public static string RangeLabel(decimal from, decimal? to) => $"[{Number(from)},{(to is { } t ? Number(t) : "*")})";

    private static IEnumerable<string> Filters(SearchQuery query)
    {
        if (query.Categories.Count > 0)
        {
            yield return $"{{!tag={CategoryFacet}}}{Category}:({string.Join(" OR ", query.Categories.Select(Quoted))})";
        }

        if (query.Brands.Count > 0)
        {
            yield return $"{{!tag={BrandFacet}}}{Brand}:({string.Join(" OR ", query.Brands.Select(Quoted))})";
        }

        if (query.HasPriceFilter)
        {
            yield return $"{{!tag={PriceFacet}}}{EffectivePrice}:[{Bound(query.MinPrice)} TO {Bound(query.MaxPrice)}]";
        }
    }

    private static JsonObject TermsFacet(string field, string tag) => new()
    {
        ["type"] = "terms",
        ["field"] = field,
        ["limit"] = -1,
        ["mincount"] = 1,
        ["sort"] = "count desc",
        ["domain"] = new JsonObject { ["excludeTags"] = tag },
    };

    private static string Sort(SearchSort sort) => sort switch
    {
        SearchSort.Price => $"{EffectivePrice} asc,{Id} asc",
        SearchSort.PriceDescending => $"{EffectivePrice} desc,{Id} asc",
        SearchSort.Name => $"{NameSort} asc,{Id} asc",
        SearchSort.Newest => $"{ActiveFrom} desc,{Id} asc",
        _ => $"score desc,{Id} asc",
    };

    /// <summary>A phrase in double quotes, with backslashes and quotes escaped: any text becomes a literal value.</summary>
    private static string Quoted(string value) => $"\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";

    private static string Bound(decimal? value) => value is { } v ? Number(v) : "*";

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(float value) => value.ToString(CultureInfo.InvariantCulture);
}
