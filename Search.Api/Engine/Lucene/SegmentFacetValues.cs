using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Util;
using static Search.Api.Engine.SearchFields;

namespace Search.Api.Engine.Lucene;

/// <summary>
/// One segment's facet doc values as plain arrays, read once per segment and shared by every query on it: reading
/// Lucene's on-disk doc values per matching document cost more than the counting itself. A segment never changes
/// (deletes aside, which the collector never sees), so the arrays live as long as the segment's core.
/// </summary>
internal sealed class SegmentFacetValues
{
    private static readonly ConditionalWeakTable<object, SegmentFacetValues> BySegmentCore = [];

    private SegmentFacetValues(AtomicReader reader)
    {
        var documents = reader.MaxDoc;
        var prices = reader.GetNumericDocValues(EffectivePrice) ?? DocValues.EMPTY_NUMERIC;
        var brands = reader.GetSortedDocValues(Brand) ?? DocValues.EMPTY_SORTED;
        var categories = reader.GetSortedSetDocValues(Category) ?? DocValues.EMPTY_SORTED_SET;

        Prices = new double[documents];
        PriceRanges = new sbyte[documents];
        Brands = new int[documents];
        CategoryStarts = new int[documents + 1];
        var categoryOrdinals = new List<int>(documents * 2);
        for (var doc = 0; doc < documents; doc++)
        {
            Prices[doc] = J2N.BitConversion.Int64BitsToDouble(prices.Get(doc));
            PriceRanges[doc] = (sbyte)Engine.PriceRanges.IndexOf(Prices[doc]);
            Brands[doc] = brands.GetOrd(doc);
            categories.SetDocument(doc);
            for (var ord = categories.NextOrd(); ord != SortedSetDocValues.NO_MORE_ORDS; ord = categories.NextOrd())
            {
                categoryOrdinals.Add((int)ord);
            }

            CategoryStarts[doc + 1] = categoryOrdinals.Count;
        }

        CategoryOrdinals = [.. categoryOrdinals];
        BrandNames = [.. Enumerable.Range(0, brands.ValueCount).Select(ord => Lookup(value => brands.LookupOrd(ord, value)))];
        CategoryNames = [.. Enumerable.Range(0, (int)categories.ValueCount).Select(ord => Lookup(value => categories.LookupOrd(ord, value)))];
    }

    public double[] Prices { get; }

    /// <summary>Each document's <see cref="Engine.PriceRanges"/> index, or -1.</summary>
    public sbyte[] PriceRanges { get; }

    /// <summary>Each document's brand ordinal, or -1.</summary>
    public int[] Brands { get; }

    public string[] BrandNames { get; }

    /// <summary>Document d's category ordinals are <see cref="CategoryOrdinals"/>[CategoryStarts[d] .. CategoryStarts[d + 1]].</summary>
    public int[] CategoryStarts { get; }

    public int[] CategoryOrdinals { get; }

    public string[] CategoryNames { get; }

    public static SegmentFacetValues Of(AtomicReader reader) =>
        BySegmentCore.GetValue(reader.CoreCacheKey, _ => new SegmentFacetValues(reader));

    /// <summary>The ordinals of <paramref name="selected"/> names, as a lookup by ordinal; null when nothing is selected.</summary>
    public static bool[]? Selection(string[] names, IReadOnlyList<string> selected) =>
        selected.Count == 0 ? null : [.. names.Select(selected.Contains)];

    private static string Lookup(Action<BytesRef> lookup)
    {
        var value = new BytesRef();
        lookup(value);
        return value.Utf8ToString();
    }
}
