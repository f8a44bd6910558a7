using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Search.Api.Engine.Lucene;

/// <summary>
/// One pass over the text query's matches that applies the filters and counts the facets, multi-select: a match counts
/// in a facet when it passes every filter but that facet's own; matches passing all filters go on to <paramref name="results"/>.
/// </summary>
internal sealed class FacetingCollector(ICollector results, SearchQuery query) : ICollector
{
    private readonly double _minPrice = (double?)query.MinPrice ?? double.NegativeInfinity;
    private readonly double _maxPrice = (double?)query.MaxPrice ?? double.PositiveInfinity;
    private readonly Dictionary<string, long> _categoryCounts = [];
    private readonly Dictionary<string, long> _brandCounts = [];
    private readonly long[] _priceCounts = new long[PriceRanges.All.Count];

    private SegmentFacetValues? _segment;
    // Per segment: counts by ordinal, and which ordinals the filters selected (null when the query does not filter on the facet).
    private long[] _segmentCategoryCounts = [];
    private long[] _segmentBrandCounts = [];
    private bool[]? _categoryFilter;
    private bool[]? _brandFilter;

    public long TotalHits { get; private set; }

    public bool AcceptsDocsOutOfOrder => false;

    public void SetScorer(Scorer scorer) => results.SetScorer(scorer);

    public void SetNextReader(AtomicReaderContext context)
    {
        FlushSegmentCounts();
        _segment = SegmentFacetValues.Of(context.AtomicReader);
        _segmentCategoryCounts = new long[_segment.CategoryNames.Length];
        _segmentBrandCounts = new long[_segment.BrandNames.Length];
        _categoryFilter = SegmentFacetValues.Selection(_segment.CategoryNames, query.Categories);
        _brandFilter = SegmentFacetValues.Selection(_segment.BrandNames, query.Brands);
        results.SetNextReader(context);
    }

    public void Collect(int doc)
    {
        // Per matching document, so no allocation and no decimal arithmetic here.
        var segment = _segment!;
        var firstCategory = segment.CategoryStarts[doc];
        var endCategory = segment.CategoryStarts[doc + 1];
        var inCategory = _categoryFilter is null;
        for (var i = firstCategory; i < endCategory && !inCategory; i++)
        {
            inCategory = _categoryFilter![segment.CategoryOrdinals[i]];
        }

        var brand = segment.Brands[doc];
        var price = segment.Prices[doc];
        var inBrand = _brandFilter is null || (brand >= 0 && _brandFilter[brand]);
        var inPrice = price >= _minPrice && price <= _maxPrice;

        if (inBrand && inPrice)
        {
            for (var i = firstCategory; i < endCategory; i++)
            {
                _segmentCategoryCounts[segment.CategoryOrdinals[i]]++;
            }
        }

        if (inCategory && inPrice && brand >= 0)
        {
            _segmentBrandCounts[brand]++;
        }

        if (inCategory && inBrand && segment.PriceRanges[doc] is var range and >= 0)
        {
            _priceCounts[range]++;
        }

        if (inCategory && inBrand && inPrice)
        {
            TotalHits++;
            results.Collect(doc);
        }
    }

    /// <summary>The facets of a search that matched nothing: what <see cref="Facets"/> answers when nothing was collected.</summary>
    public static SearchFacets None { get; } = ToFacets([], [], new long[PriceRanges.All.Count]);

    public SearchFacets Facets()
    {
        FlushSegmentCounts();
        return ToFacets(_categoryCounts, _brandCounts, _priceCounts);
    }

    private static SearchFacets ToFacets(Dictionary<string, long> categoryCounts, Dictionary<string, long> brandCounts, long[] priceCounts) => new(
        Ordered(categoryCounts),
        Ordered(brandCounts),
        [.. PriceRanges.All.Select((range, i) => new PriceRangeCount(range.From, range.To, priceCounts[i]))]);

    private void FlushSegmentCounts()
    {
        if (_segment is null)
        {
            return;
        }

        Add(_categoryCounts, _segmentCategoryCounts, _segment.CategoryNames);
        Add(_brandCounts, _segmentBrandCounts, _segment.BrandNames);
        _segmentCategoryCounts = [];
        _segmentBrandCounts = [];

        static void Add(Dictionary<string, long> counts, long[] segmentCounts, string[] names)
        {
            for (var ord = 0; ord < segmentCounts.Length; ord++)
            {
                if (segmentCounts[ord] > 0)
                {
                    counts[names[ord]] = counts.GetValueOrDefault(names[ord]) + segmentCounts[ord];
                }
            }
        }
    }

    /// <summary>Solr's order for a terms facet: count descending, then value.</summary>
    private static List<FacetCount> Ordered(Dictionary<string, long> counts) =>
        [.. counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => new FacetCount(c.Key, c.Value))];
}
