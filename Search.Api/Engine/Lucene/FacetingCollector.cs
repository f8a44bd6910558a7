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
    private readonly List<BytesRef> _selectedCategories = [.. query.Categories.Select(c => new BytesRef(c))];
    private readonly List<BytesRef> _selectedBrands = [.. query.Brands.Select(b => new BytesRef(b))];
    private readonly double _minPrice = (double?)query.MinPrice ?? double.NegativeInfinity;
    private readonly double _maxPrice = (double?)query.MaxPrice ?? double.PositiveInfinity;
    private readonly Dictionary<string, long> _categoryCounts = [];
    private readonly Dictionary<string, long> _brandCounts = [];
    private readonly long[] _priceCounts = new long[PriceRanges.All.Count];
    private long[] _documentCategories = new long[4];

    private SortedSetDocValues _categories = DocValues.EMPTY_SORTED_SET;
    private SortedDocValues _brands = DocValues.EMPTY_SORTED;
    private NumericDocValues _prices = DocValues.EMPTY_NUMERIC;
    // Per segment: counts by ordinal, and which ordinals the filters selected.
    private long[] _segmentCategoryCounts = [];
    private long[] _segmentBrandCounts = [];
    // Null when the query does not filter on the facet.
    private HashSet<long>? _categoryFilter;
    private HashSet<int>? _brandFilter;

    public long TotalHits { get; private set; }

    public bool AcceptsDocsOutOfOrder => false;

    public void SetScorer(Scorer scorer) => results.SetScorer(scorer);

    public void SetNextReader(AtomicReaderContext context)
    {
        FlushSegmentCounts();
        var reader = context.AtomicReader;
        _categories = reader.GetSortedSetDocValues(Category) ?? DocValues.EMPTY_SORTED_SET;
        _brands = reader.GetSortedDocValues(Brand) ?? DocValues.EMPTY_SORTED;
        _prices = reader.GetNumericDocValues(EffectivePrice) ?? DocValues.EMPTY_NUMERIC;
        _segmentCategoryCounts = new long[_categories.ValueCount];
        _segmentBrandCounts = new long[_brands.ValueCount];
        _categoryFilter = _selectedCategories.Count == 0 ? null : [.. _selectedCategories.Select(_categories.LookupTerm).Where(ord => ord >= 0)];
        _brandFilter = _selectedBrands.Count == 0 ? null : [.. _selectedBrands.Select(_brands.LookupTerm).Where(ord => ord >= 0)];
        results.SetNextReader(context);
    }

    public void Collect(int doc)
    {
        // Per matching document, so no allocation and no decimal arithmetic here.
        var categoryCount = 0;
        var inCategory = _categoryFilter is null;
        _categories.SetDocument(doc);
        for (var ord = _categories.NextOrd(); ord != SortedSetDocValues.NO_MORE_ORDS; ord = _categories.NextOrd())
        {
            if (categoryCount == _documentCategories.Length)
            {
                Array.Resize(ref _documentCategories, categoryCount * 2);
            }

            _documentCategories[categoryCount++] = ord;
            inCategory |= _categoryFilter?.Contains(ord) == true;
        }

        var brand = _brands.GetOrd(doc);
        var price = J2N.BitConversion.Int64BitsToDouble(_prices.Get(doc));
        var inBrand = _brandFilter is null || _brandFilter.Contains(brand);
        var inPrice = price >= _minPrice && price <= _maxPrice;

        if (inBrand && inPrice)
        {
            for (var i = 0; i < categoryCount; i++)
            {
                _segmentCategoryCounts[_documentCategories[i]]++;
            }
        }

        if (inCategory && inPrice && brand >= 0)
        {
            _segmentBrandCounts[brand]++;
        }

        if (inCategory && inBrand && PriceRanges.IndexOf(price) is var range and >= 0)
        {
            _priceCounts[range]++;
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
            Ordered(_categoryCounts),
            Ordered(_brandCounts),
            [.. PriceRanges.All.Select((range, i) => new PriceRangeCount(range.From, range.To, _priceCounts[i]))]);
    }

    private void FlushSegmentCounts()
    {
        for (var ord = 0; ord < _segmentCategoryCounts.Length; ord++)
        {
            Add(_categoryCounts, _segmentCategoryCounts[ord], value => _categories.LookupOrd(ord, value));
        }

        for (var ord = 0; ord < _segmentBrandCounts.Length; ord++)
        {
            Add(_brandCounts, _segmentBrandCounts[ord], value => _brands.LookupOrd(ord, value));
        }

        _segmentCategoryCounts = [];
        _segmentBrandCounts = [];

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
