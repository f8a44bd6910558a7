using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using static Search.Api.Engine.SearchFields;

namespace Search.Api.Engine.Lucene;

/// <summary>
/// One pass over the text query's matches that applies the filters and counts the facets, multi-select: a match counts
/// in a facet when it passes every filter but that facet's own; matches passing all filters go on to <paramref name="results"/>.
/// </summary>
internal sealed class FacetingCollector(ICollector results, SearchQuery query) : ICollector
{
    private readonly List<BytesRef> selectedCategories = [.. query.Categories.Select(c => new BytesRef(c))];
    private readonly List<BytesRef> selectedBrands = [.. query.Brands.Select(b => new BytesRef(b))];
    private readonly double minPrice = (double?)query.MinPrice ?? double.NegativeInfinity;
    private readonly double maxPrice = (double?)query.MaxPrice ?? double.PositiveInfinity;
    private readonly Dictionary<string, long> categoryCounts = [];
    private readonly Dictionary<string, long> brandCounts = [];
    private readonly long[] priceCounts = new long[PriceRanges.All.Count];
    private long[] documentCategories = new long[4];

    private SortedSetDocValues categories = DocValues.EMPTY_SORTED_SET;
    private SortedDocValues brands = DocValues.EMPTY_SORTED;
    private NumericDocValues prices = DocValues.EMPTY_NUMERIC;
    // Per segment: counts by ordinal, and which ordinals the filters selected.
    private long[] segmentCategoryCounts = [];
    private long[] segmentBrandCounts = [];
    // Null when the query does not filter on the facet.
    private HashSet<long>? categoryFilter;
    private HashSet<int>? brandFilter;

    public long TotalHits { get; private set; }

    public bool AcceptsDocsOutOfOrder => false;

    public void SetScorer(Scorer scorer) => results.SetScorer(scorer);

    public void SetNextReader(AtomicReaderContext context)
    {
        FlushSegmentCounts();
        var reader = context.AtomicReader;
        categories = reader.GetSortedSetDocValues(Category) ?? DocValues.EMPTY_SORTED_SET;
        brands = reader.GetSortedDocValues(Brand) ?? DocValues.EMPTY_SORTED;
        prices = reader.GetNumericDocValues(EffectivePrice) ?? DocValues.EMPTY_NUMERIC;
        segmentCategoryCounts = new long[categories.ValueCount];
        segmentBrandCounts = new long[brands.ValueCount];
        categoryFilter = selectedCategories.Count == 0 ? null : [.. selectedCategories.Select(categories.LookupTerm).Where(ord => ord >= 0)];
        brandFilter = selectedBrands.Count == 0 ? null : [.. selectedBrands.Select(brands.LookupTerm).Where(ord => ord >= 0)];
        results.SetNextReader(context);
    }

    public void Collect(int doc)
    {
        // Per matching document, so no allocation and no decimal arithmetic here.
        var categoryCount = 0;
        var inCategory = categoryFilter is null;
        categories.SetDocument(doc);
        for (var ord = categories.NextOrd(); ord != SortedSetDocValues.NO_MORE_ORDS; ord = categories.NextOrd())
        {
            if (categoryCount == documentCategories.Length)
            {
                Array.Resize(ref documentCategories, categoryCount * 2);
            }

            documentCategories[categoryCount++] = ord;
            inCategory |= categoryFilter?.Contains(ord) == true;
        }

        var brand = brands.GetOrd(doc);
        var price = J2N.BitConversion.Int64BitsToDouble(prices.Get(doc));
        var inBrand = brandFilter is null || brandFilter.Contains(brand);
        var inPrice = price >= minPrice && price <= maxPrice;

        if (inBrand && inPrice)
        {
            for (var i = 0; i < categoryCount; i++)
            {
                segmentCategoryCounts[documentCategories[i]]++;
            }
        }

        if (inCategory && inPrice && brand >= 0)
        {
            segmentBrandCounts[brand]++;
        }

        if (inCategory && inBrand && PriceRanges.IndexOf(price) is var range and >= 0)
        {
            priceCounts[range]++;
        }

        if (inCategory && inBrand && inPrice)
        {
            TotalHits++;
            results.Collect(doc);
        }
    }

    public SearchFacets Facets()
    {
        FlushSegmentCounts();
        return new SearchFacets(
            Ordered(categoryCounts),
            Ordered(brandCounts),
            [.. PriceRanges.All.Select((range, i) => new PriceRangeCount(range.From, range.To, priceCounts[i]))]);
    }

    private void FlushSegmentCounts()
    {
        for (var ord = 0; ord < segmentCategoryCounts.Length; ord++)
        {
            Add(categoryCounts, segmentCategoryCounts[ord], value => categories.LookupOrd(ord, value));
        }

        for (var ord = 0; ord < segmentBrandCounts.Length; ord++)
        {
            Add(brandCounts, segmentBrandCounts[ord], value => brands.LookupOrd(ord, value));
        }

        segmentCategoryCounts = [];
        segmentBrandCounts = [];

        static void Add(Dictionary<string, long> counts, long count, Action<BytesRef> lookup)
        {
            if (count > 0)
            {
                var value = new BytesRef();
                lookup(value);
                var key = value.Utf8ToString();
                counts[key] = counts.GetValueOrDefault(key) + count;
            }
        }
    }

    /// <summary>Solr's order for a terms facet: count descending, then value.</summary>
    private static List<FacetCount> Ordered(Dictionary<string, long> counts) =>
        [.. counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => new FacetCount(c.Key, c.Value))];
}
