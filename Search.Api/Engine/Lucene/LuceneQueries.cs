using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using static Search.Api.Engine.SearchFields;

namespace Search.Api.Engine.Lucene;

/// <summary>
/// The queries Solr's edismax would build from the same parameters: each word must match one of the
/// <see cref="SearchFields.QueryFields"/> (best field wins, tie 0.1), boosted by a name phrase match and an exact name match.
/// </summary>
internal static class LuceneQueries
{
    private const float Tie = 0.1f;

    /// <summary>
    /// All products for empty text; nothing when every word is a stop word. A word of one of <paramref name="synonyms"/>
    /// matches any word of its group instead (multi-word ones as phrases), as Solr's <c>(a OR b)</c>.
    /// </summary>
    public static Query Text(string text, IReadOnlyList<IReadOnlyList<string>> synonyms, Analyzer analyzer)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new MatchAllDocsQuery();
        }

        var words = Analyze(analyzer, Name, text);
        var groups = synonyms.Select(g => g.Select(member => Analyze(analyzer, Name, member).Select(w => w.Word).ToList()).Where(m => m.Count > 0).ToList()).ToList();
        var query = new BooleanQuery();
        foreach (var (word, _) in words)
        {
            var alternatives = groups.FirstOrDefault(g => g.Any(m => m is [var only] && only == word)) ?? [[word]];
            if (alternatives.Count == 1)
            {
                query.Add(AnyField(alternatives[0]), Occur.MUST);
                continue;
            }

            var any = new BooleanQuery();
            foreach (var alternative in alternatives)
            {
                any.Add(AnyField(alternative), Occur.SHOULD);
            }

            query.Add(any, Occur.MUST);
        }

        if (words.Count > 1)
        {
            var phrase = new PhraseQuery { Boost = NamePhraseBoost };
            foreach (var (word, position) in words)
            {
                phrase.Add(new Term(Name, word), position);
            }

            query.Add(phrase, Occur.SHOULD);
        }

        if (words.Count > 0)
        {
            query.Add(new TermQuery(new Term(NameExact, NormalizeName(text))) { Boost = ExactBoost }, Occur.SHOULD);
        }

        return query;
    }

    /// <summary>The best of the query fields for a word, or for a phrase of analyzed words.</summary>
    private static DisjunctionMaxQuery AnyField(IReadOnlyList<string> words)
    {
        var anyField = new DisjunctionMaxQuery(Tie);
        foreach (var (field, boost) in QueryFields)
        {
            if (words is [var word])
            {
                anyField.Add(new TermQuery(new Term(field, word)) { Boost = boost });
                continue;
            }

            var phrase = new PhraseQuery { Boost = boost };
            foreach (var each in words)
            {
                phrase.Add(new Term(field, each));
            }

            anyField.Add(phrase);
        }

        return anyField;
    }

    /// <summary>Names whose words start with the typed words: all but the last whole, the last as a prefix.</summary>
    public static Query Suggest(IReadOnlyList<string> words)
    {
        var query = new BooleanQuery();
        for (var i = 0; i < words.Count; i++)
        {
            var term = new Term(NameSuggest, words[i]);
            query.Add(i == words.Count - 1 ? new PrefixQuery(term) : new TermQuery(term), Occur.MUST);
        }

        return query;
    }

    public static Sort Sort(SearchSort sort)
    {
        var tieBreak = new SortField(Id, SortFieldType.INT64);
        return sort switch
        {
            SearchSort.Price => new Sort(new SortField(EffectivePrice, SortFieldType.DOUBLE), tieBreak),
            SearchSort.PriceDescending => new Sort(new SortField(EffectivePrice, SortFieldType.DOUBLE, reverse: true), tieBreak),
            SearchSort.Name => new Sort(new SortField(NameSort, SortFieldType.STRING), tieBreak),
            SearchSort.Newest => new Sort(new SortField(ActiveFrom, SortFieldType.INT64, reverse: true), tieBreak),
            _ => new Sort(SortField.FIELD_SCORE, tieBreak),
        };
    }

    private static List<(string Word, int Position)> Analyze(Analyzer analyzer, string field, string text)
    {
        var words = new List<(string, int)>();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            words.Add((term.ToString(), position));
        }

        stream.End();
        return words;
    }
}
