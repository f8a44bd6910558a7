using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Search.Api.Engine.Lucene;

/// <summary>Notes the documents collected, per segment, and then filters a query to them.</summary>
internal sealed class SelectedDocuments : Filter, ICollector
{
    private readonly Dictionary<int, FixedBitSet> _bySegment = [];
    private FixedBitSet? _current;

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer)
    {
    }

    public void SetNextReader(AtomicReaderContext context) =>
        _current = _bySegment[context.Ord] = new FixedBitSet(context.AtomicReader.MaxDoc);

    public void Collect(int doc) => _current!.Set(doc);

    public override DocIdSet? GetDocIdSet(AtomicReaderContext context, IBits acceptDocs) =>
        _bySegment.GetValueOrDefault(context.Ord) is { } selected ? BitsFilteredDocIdSet.Wrap(selected, acceptDocs) : null;
}
