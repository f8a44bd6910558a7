using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Documents;
using Lucene.Net.Util;
using Search.Api.Catalog;
using static Search.Api.Engine.SearchFields;

namespace Search.Api.Engine.Lucene;

/// <summary>How a product is written to, and read back from, the Lucene index.</summary>
internal static class LuceneDocuments
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>English for text fields (as Solr's <c>text_en</c>); plain lower-cased words for suggestions.</summary>
    public static Analyzer CreateAnalyzer() => new PerFieldAnalyzerWrapper(new EnglishAnalyzer(Version),
        new Dictionary<string, Analyzer> { [NameSuggest] = new StandardAnalyzer(Version, CharArraySet.Empty) });

    public static Document ToDocument(ProductDocument product)
    {
        var normalizedName = NormalizeName(product.Name);
        var document = new Document
        {
            new StringField(Id, IdTerm(product.Id), Field.Store.YES),
            new NumericDocValuesField(Id, product.Id),
            new StoredField(Sku, product.Sku),
            new TextField(Name, product.Name, Field.Store.YES),
            new StringField(NameExact, normalizedName, Field.Store.NO),
            new SortedDocValuesField(NameSort, new BytesRef(normalizedName)),
            new TextField(NameSuggest, product.Name, Field.Store.NO),
            new StoredField(Price, Invariant(product.Price)),
            new DoubleField(EffectivePrice, (double)product.EffectivePrice, Field.Store.NO),
            new DoubleDocValuesField(EffectivePrice, (double)product.EffectivePrice),
            new NumericDocValuesField(ActiveFrom, product.ActiveFrom.Ticks),
        };
        if (product.Description is { } description)
        {
            document.Add(new TextField(Description, description, Field.Store.YES));
        }

        if (product.SalePrice is { } sale)
        {
            document.Add(new StoredField(SalePrice, Invariant(sale)));
        }

        if (product.Brand is { } brand)
        {
            document.Add(new StringField(Brand, brand, Field.Store.YES));
            document.Add(new SortedDocValuesField(Brand, new BytesRef(brand)));
            document.Add(new TextField(BrandText, brand, Field.Store.NO));
        }

        if (product.Url is { } url)
        {
            document.Add(new StoredField(Url, url));
        }

        foreach (var category in product.Categories)
        {
            document.Add(new StringField(Category, category, Field.Store.YES));
            document.Add(new SortedSetDocValuesField(Category, new BytesRef(category)));
            document.Add(new TextField(CategoryText, category, Field.Store.NO));
        }

        foreach (var sku in product.Skus)
        {
            document.Add(new TextField(Skus, sku, Field.Store.NO));
        }

        return document;
    }

    public static SearchHit ToHit(Document document, IReadOnlyDictionary<string, string> highlights) => new(
        Id: long.Parse(document.Get(Id), CultureInfo.InvariantCulture),
        Sku: document.Get(Sku),
        Name: document.Get(Name),
        Description: document.Get(Description),
        Price: decimal.Parse(document.Get(Price), CultureInfo.InvariantCulture),
        SalePrice: document.Get(SalePrice) is { } sale ? decimal.Parse(sale, CultureInfo.InvariantCulture) : null,
        Categories: document.GetValues(Category),
        Brand: document.Get(Brand),
        Url: document.Get(Url),
        Highlights: highlights);

    public static string IdTerm(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
