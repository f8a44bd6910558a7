using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using static Search.Api.Engine.SearchFields;

namespace Search.Api.Engine.Lucene;

/// <summary>
/// "Did you mean" from the index's own words, as Solr's DirectSolrSpellChecker finds them: a word the product names do
/// not have is replaced by the name word within two edits (same first letter, transpositions counting as one) that is
/// most alike, then most frequent; Lucene's <see cref="FuzzyTermsEnum"/> walks the candidates.
/// </summary>
internal static class LuceneSpelling
{
    private const int MaxEdits = 2;
    private const int PrefixLength = 1;
    private const int MinWordLength = 3;

    /// <summary>Whether a word is one to correct: long enough and in no product name. Only term lookups, so cheap.</summary>
    public static bool HasUnknownWord(IndexReader reader, IReadOnlyList<string> words) => words.Any(word => IsUnknown(reader, word));

    /// <returns>The words with each unknown one corrected; null when none could be (or none needed to be).</returns>
    public static string? Correct(IndexReader reader, IReadOnlyList<string> words)
    {
        var terms = MultiFields.GetTerms(reader, NameSuggest);
        if (terms is null)
        {
            return null;
        }

        var changed = false;
        var corrected = new List<string>(words.Count);
        foreach (var word in words)
        {
            var best = IsUnknown(reader, word) ? Closest(terms, word) : word;
            changed |= best != word;
            corrected.Add(best ?? word);
        }

        return changed ? string.Join(' ', corrected) : null;
    }

    private static bool IsUnknown(IndexReader reader, string word) =>
        word.Length >= MinWordLength && reader.DocFreq(new Term(NameSuggest, word)) == 0;

    private static string? Closest(Terms terms, string word)
    {
        var candidates = new FuzzyTermsEnum(terms, new AttributeSource(), new Term(NameSuggest, word), MaxEdits, PrefixLength, transpositions: true);
        var similarity = candidates.Attributes.AddAttribute<IBoostAttribute>();
        (string? Word, float Similarity, int Frequency) best = (null, 0, 0);
        while (candidates.MoveNext())
        {
            var candidate = (candidates.Term.Utf8ToString(), similarity.Boost, candidates.DocFreq);
            if (candidate.Boost > best.Similarity || (candidate.Boost == best.Similarity && candidate.DocFreq > best.Frequency))
            {
                best = candidate;
            }
        }

        return best.Word;
    }
}
