using System.Runtime.CompilerServices;
using BitFaster.Caching.Lfu;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Search.Api.Engine.Lucene;

/// <summary>
/// Which documents each required word of a text query matches (over every query field), one bit set per segment, kept
/// for the words searched most often. A query of several words then visits only the documents having all of them,
/// instead of stepping through every posting of its rarest word to find the few that also have the others: most
/// two-word searches match little, and that stepping was most of their cost; and when no live document has them all, the
/// sets alone say so (<see cref="MatchesNothing"/>). Scores are unchanged: the sets only filter.
/// A segment never changes (deletes are applied on top), so a set stays valid for its segment's life.
/// </summary>
internal sealed class RequiredWordSets(int entries)
{
    // Keyed by the word alone, so that its popularity outlives a reindex; its sets per segment go with their segments.
    private readonly ConcurrentLfu<string, ConditionalWeakTable<object, FixedBitSet>> _sets = new(entries);

    /// <summary><paramref name="text"/>, limited to the documents matching all its required clauses when it has several.</summary>
    public Query Narrow(Query text) => Required(text) is { Count: > 1 } required
        ? new FilteredQuery(text, new AllOf(this, required), FilteredQuery.LEAP_FROG_FILTER_FIRST_STRATEGY)
        : text;

    /// <summary>
    /// Exactly the documents <paramref name="text"/> matches (its optional clauses only add to scores), without matching
    /// or scoring it; null when it has no required clause.
    /// </summary>
    public Filter? Matches(Query text) => Required(text) is { Count: > 0 } required ? new AllOf(this, required) : null;

    /// <summary>
    /// True when the sets kept already show that <paramref name="text"/> matches no live document of
    /// <paramref name="reader"/>: answered from a few bit operations, without matching or scoring. False when it may
    /// match, and when a set is not kept yet (building one reads postings, which is a core's work).
    /// </summary>
    public bool MatchesNothing(Query text, IndexReader reader)
    {
        if (Required(text) is not { Count: > 0 } required)
        {
            return false;
        }

        var words = new ConditionalWeakTable<object, FixedBitSet>[required.Count];
        for (var i = 0; i < words.Length; i++)
        {
            if (!_sets.TryGet(required[i].ToString(), out words[i]!))
            {
                return false;
            }
        }

        var sets = new long[words.Length][];
        foreach (var segment in reader.Leaves)
        {
            for (var i = 0; i < words.Length; i++)
            {
                if (!words[i].TryGetValue(segment.AtomicReader.CoreCacheKey, out var set))
                {
                    return false;
                }

                sets[i] = set.GetBits();
            }

            if (AnyInAll(sets, segment.AtomicReader.MaxDoc, segment.AtomicReader.LiveDocs))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a live document is in every one of the bit sets, 64 documents at a time.</summary>
    private static bool AnyInAll(long[][] sets, int documents, IBits? liveDocs)
    {
        var blocks = (documents + 63) >> 6;
        for (var block = 0; block < blocks; block++)
        {
            var common = sets[0][block];
            for (var i = 1; i < sets.Length && common != 0; i++)
            {
                common &= sets[i][block];
            }

            for (; common != 0; common &= common - 1)
            {
                if (liveDocs is null || liveDocs.Get((block << 6) + System.Numerics.BitOperations.TrailingZeroCount(common)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static List<Query>? Required(Query text) =>
        text is BooleanQuery boolean ? [.. boolean.Clauses.Where(c => c.Occur == Occur.MUST).Select(c => c.Query)] : null;

    /// <summary>A clause's sets by segment, looked up once per search (the key is the clause written out).</summary>
    private ConditionalWeakTable<object, FixedBitSet> SetsOf(Query clause) => _sets.GetOrAdd(clause.ToString(), _ => []);

    private static FixedBitSet SetOf(AtomicReaderContext segment, Query clause, ConditionalWeakTable<object, FixedBitSet> bySegment) =>
        bySegment.GetValue(segment.AtomicReader.CoreCacheKey, _ =>
        {
            var set = new FixedBitSet(segment.AtomicReader.MaxDoc);
            if (new QueryWrapperFilter(clause).GetDocIdSet(segment, acceptDocs: null)?.GetIterator() is { } matches)
            {
                set.Or(matches);
            }

            return set;
        });

    /// <summary>The documents of a segment in every clause's set, less the deleted ones.</summary>
    private sealed class AllOf(RequiredWordSets sets, IReadOnlyList<Query> clauses) : Filter
    {
        private readonly (Query Clause, ConditionalWeakTable<object, FixedBitSet> BySegment)[] _words =
            [.. clauses.Select(clause => (clause, sets.SetsOf(clause)))];

        public override DocIdSet GetDocIdSet(AtomicReaderContext context, IBits acceptDocs)
        {
            var all = (FixedBitSet)SetOf(context, _words[0].Clause, _words[0].BySegment).Clone();
            foreach (var (clause, bySegment) in _words.Skip(1))
            {
                all.And(SetOf(context, clause, bySegment));
            }

            return BitsFilteredDocIdSet.Wrap(all, acceptDocs);
        }
    }
}
