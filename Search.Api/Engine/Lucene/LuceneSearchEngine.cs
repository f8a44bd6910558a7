using BitFaster.Caching.Lfu;
using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using Lucene.Net.Store;
using Microsoft.Extensions.Options;
using Search.Api.Catalog;
using static Search.Api.Engine.SearchFields;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Search.Api.Engine.Lucene;

/// <summary>
/// The embedded engine for machines where Solr cannot run: a Lucene.NET index on disk, searched from a copy in memory
/// (<see cref="InMemoryReadDirectory"/>). A full reindex builds a new generation in its own directory, merged to one
/// segment, and swaps it in whole; single-product changes are written to the live generation and
/// made visible at once (near-real-time reader). Writes are serialized by the caller (<see cref="Indexing.CatalogIndexer"/>).
/// </summary>
public sealed class LuceneSearchEngine : ISearchEngine, IDisposable
{
    private const int SuggestCandidates = 50;
    private static readonly SearchHits NothingMatched = new([], 0, FacetingCollector.None);
    private readonly Analyzer _analyzer = LuceneDocuments.CreateAnalyzer();
    private readonly string _root;
    private readonly bool _ownsRoot;
    // W-TinyLFU: a query asked once does not push out one asked often, which is what a long tail of queries needs. Keyed
    // by the query alone, so that a query's popularity outlives index changes; each answer says which index it is from.
    private readonly ConcurrentLfu<string, CachedHits>? _results;
    private readonly RequiredWordSets? _wordSets;
    private readonly SemaphoreSlim _cores = new(Environment.ProcessorCount, Environment.ProcessorCount);
    private Generation _live;
    // The generation before the live one stays open until the next swap: searches that began on it may still be reading.
    private Generation? _retired;
    private int _generationNumber;
    // Counted here rather than by the cache, which would count an answer of an earlier index found under the query as a hit.
    private long _hits;
    private long _misses;
    private long _nothingMatchedAtOnce;

    public LuceneSearchEngine(IOptions<SearchOptions> options)
    {
        _results = options.Value.LuceneResultCacheEntries > 0
            ? new ConcurrentLfu<string, CachedHits>(options.Value.LuceneResultCacheEntries)
            : null;
        _wordSets = options.Value.LuceneWordSetEntries > 0 ? new RequiredWordSets(options.Value.LuceneWordSetEntries) : null;
        _ownsRoot = string.IsNullOrEmpty(options.Value.LuceneIndexPath);
        _root = _ownsRoot ? Path.Combine(Path.GetTempPath(), $"search-index-{Environment.ProcessId}-{Guid.NewGuid():N}") : options.Value.LuceneIndexPath!;
        System.IO.Directory.CreateDirectory(_root);
        _live = OpenLatestGeneration();
    }

    public string Name => "lucene";

    /// <summary>The result cache's hits and misses so far (for the benchmark); null when the cache is off.</summary>
    internal (long Hits, long Misses)? ResultCacheStatistics => _results is null ? null : (Interlocked.Read(ref _hits), Interlocked.Read(ref _misses));

    /// <summary>The searches answered from the word sets as matching nothing, without a core (for the benchmark).</summary>
    internal long NothingMatchedAtOnce => Interlocked.Read(ref _nothingMatchedAtOnce);

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// A cached answer at once; at once too, an empty one when the word sets show that the search matches nothing (most
    /// searches that find nothing: each word is known, just never together). Otherwise the search runs when one of the cores is free
    /// (<see cref="_cores"/>), waiting for it without holding a thread: the synchronous Lucene work never occupies more
    /// threads than there are cores, so the rest of the thread pool stays free for Kestrel's I/O and the waiting
    /// requests cost nothing.
    /// </summary>
    public async Task<SearchHits> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        // The key is the query serialized, computed once.
        var queryKey = _results is null ? null : query.CacheKey;
        if (queryKey is not null)
        {
            if (WithSearcher((generation, searcher) => _results!.TryGet(queryKey, out var hit) && hit.IsOf(IndexVersion.Of(generation, searcher)) ? hit.Hits : null) is { } cached)
            {
                Interlocked.Increment(ref _hits);
                return cached;
            }

            Interlocked.Increment(ref _misses);
        }

        var text = TextOf(query);
        if (_wordSets is not null && WithSearcher((_, searcher) => _wordSets.MatchesNothing(text, searcher.IndexReader)))
        {
            Interlocked.Increment(ref _nothingMatchedAtOnce);
            return NothingMatched;
        }

        return await OnACoreAsync((generation, searcher) =>
        {
            var hits = Search(searcher, query, text);
            if (queryKey is not null)
            {
                _results!.AddOrUpdate(queryKey, new CachedHits(IndexVersion.Of(generation, searcher), hits));
            }

            return hits;
        }, cancellationToken);
    }

    /// <summary>
    /// Most searches that find nothing have only known words that no product has together: those are answered at once,
    /// without waiting for a core behind the searches being computed; an unknown word is corrected on a core.
    /// </summary>
    public Task<string?> CorrectAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        var words = SuggestWords.Split(query.Text);
        if (!WithSearcher((_, searcher) => LuceneSpelling.HasUnknownWord(searcher.IndexReader, words)))
        {
            return Task.FromResult<string?>(null);
        }

        return OnACoreAsync((_, searcher) =>
            LuceneSpelling.Correct(searcher.IndexReader, words) is { } corrected
            && query with { Text = corrected, Synonyms = [], Page = 1, PageSize = 1 } is var check
            && Search(searcher, check, TextOf(check)).TotalCount > 0
                ? corrected
                : null, cancellationToken);
    }

    public Task<IReadOnlyList<string>> SuggestAsync(string prefix, int limit, CancellationToken cancellationToken)
    {
        var words = SuggestWords.Split(prefix);
        if (words.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<string>>([]);
        }

        return OnACoreAsync<IReadOnlyList<string>>((_, searcher) =>
        {
            var sort = new Sort(SortField.FIELD_SCORE, new SortField(NameSort, SortFieldType.STRING));
            var top = searcher.Search(LuceneQueries.Suggest(words), null, SuggestCandidates, sort);
            return top.ScoreDocs.Select(hit => searcher.Doc(hit.Doc).Get(SearchFields.Name)).Distinct().Take(limit).ToList();
        }, cancellationToken);
    }

    /// <summary>A generation becomes live only once complete (<see cref="ReplaceAllAsync"/>), so any product in it means a finished fill.</summary>
    public async Task<bool> IsFilledAsync(CancellationToken cancellationToken) => await CountAsync(cancellationToken) > 0;

    public Task<long> CountAsync(CancellationToken cancellationToken) =>
        Task.FromResult<long>(WithSearcher((_, searcher) => searcher.IndexReader.NumDocs));

    public async Task<long> ReplaceAllAsync(IAsyncEnumerable<ProductDocument> products, CancellationToken cancellationToken)
    {
        var next = Generation.Create(++_generationNumber, GenerationPath(_generationNumber), _analyzer);
        try
        {
            long count = 0;
            await foreach (var product in products.WithCancellation(cancellationToken))
            {
                next.Writer.AddDocument(LuceneDocuments.ToDocument(product));
                count++;
            }

            // One segment: every query then walks one set of postings and doc values instead of one per segment (measured:
            // a third less CPU per query on 100,000 products, for about a second more per reindex).
            next.Writer.ForceMerge(1);
            next.Writer.Commit();
            next.Searchers.MaybeRefreshBlocking();
            _retired?.Dispose();
            _retired = Interlocked.Exchange(ref _live, next);
            DeleteGenerationsExcept(_live, _retired);
            return count;
        }
        catch
        {
            next.Dispose();
            DeleteGenerationsExcept(_live, _retired);
            throw;
        }
    }

    public Task UpsertAsync(ProductDocument product, CancellationToken cancellationToken)
    {
        var generation = _live;
        generation.Writer.UpdateDocument(new Term(Id, LuceneDocuments.IdTerm(product.Id)), LuceneDocuments.ToDocument(product));
        return generation.CommitAsync();
    }

    public Task DeleteAsync(long productId, CancellationToken cancellationToken)
    {
        var generation = _live;
        generation.Writer.DeleteDocuments(new Term(Id, LuceneDocuments.IdTerm(productId)));
        return generation.CommitAsync();
    }

    public void Dispose()
    {
        _retired?.Dispose();
        _live.Dispose();
        _analyzer.Dispose();
        _cores.Dispose();
        if (_ownsRoot)
        {
            System.IO.Directory.Delete(_root, recursive: true);
        }
    }

    private Query TextOf(SearchQuery query) => LuceneQueries.Text(query.Text, query.Synonyms, _analyzer);

    private SearchHits Search(IndexSearcher searcher, SearchQuery query, Query text)
    {
        var relevance = query.Sort == SearchSort.Relevance;
        var top = TopFieldCollector.Create(LuceneQueries.Sort(query.Sort), query.Offset + query.PageSize,
            fillFields: false, trackDocScores: relevance, trackMaxScore: false, docsScoredInOrder: true);
        var collector = Collect(searcher, text, query, top);

        var highlighter = string.IsNullOrWhiteSpace(query.Text) ? null : new Highlighter(
            new SimpleHTMLFormatter("<em>", "</em>"), new SimpleHTMLEncoder(), new QueryTermScorer(text));
        var items = top.GetTopDocs(query.Offset, query.PageSize).ScoreDocs
            .Select(hit => searcher.Doc(hit.Doc))
            .Select(document => LuceneDocuments.ToHit(document, Highlight(highlighter, document)))
            .ToList();
        return new SearchHits(items, collector.TotalHits, collector.Facets());
    }

    /// <summary>
    /// One pass that counts the facets and collects the matches passing the filters into <paramref name="top"/>; with word
    /// sets and filters, two: the facets are counted over the words' sets, and only the matches passing the filters
    /// are scored, when most would be scored for nothing.
    /// </summary>
    private FacetingCollector Collect(IndexSearcher searcher, Query text, SearchQuery query, ICollector top)
    {
        if (!query.HasFilters || _wordSets?.Matches(text) is not { } matches)
        {
            var collector = new FacetingCollector(top, query);
            searcher.Search(_wordSets?.Narrow(text) ?? text, collector);
            return collector;
        }

        var passing = new SelectedDocuments();
        var facets = new FacetingCollector(passing, query);
        foreach (var segment in searcher.IndexReader.Leaves)
        {
            facets.SetNextReader(segment);
            if (matches.GetDocIdSet(segment, segment.AtomicReader.LiveDocs)?.GetIterator() is { } documents)
            {
                for (var doc = documents.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = documents.NextDoc())
                {
                    facets.Collect(doc);
                }
            }
        }

        searcher.Search(new FilteredQuery(text, passing, FilteredQuery.LEAP_FROG_FILTER_FIRST_STRATEGY), top);
        return facets;
    }

    /// <summary>As Solr's highlighter with <c>hl.encoder=html</c>: the best fragment per field, HTML-escaped, terms in em.</summary>
    private Dictionary<string, string> Highlight(Highlighter? highlighter, Document document)
    {
        var highlights = new Dictionary<string, string>();
        if (highlighter is null)
        {
            return highlights;
        }

        foreach (var field in Highlighted)
        {
            if (document.Get(field) is { } value && highlighter.GetBestFragment(_analyzer, field, value) is { } fragment)
            {
                highlights[field] = fragment;
            }
        }

        return highlights;
    }

    /// <summary>Runs <paramref name="work"/> once a core is free, waiting for one without holding a thread.</summary>
    private async Task<T> OnACoreAsync<T>(Func<Generation, IndexSearcher, T> work, CancellationToken cancellationToken)
    {
        await _cores.WaitAsync(cancellationToken);
        try
        {
            return WithSearcher(work);
        }
        finally
        {
            _cores.Release();
        }
    }

    private T WithSearcher<T>(Func<Generation, IndexSearcher, T> read)
    {
        var generation = _live;
        var searcher = generation.Searchers.Acquire();
        try
        {
            return read(generation, searcher);
        }
        finally
        {
            generation.Searchers.Release(searcher);
        }
    }

    private Generation OpenLatestGeneration()
    {
        var latest = System.IO.Directory.GetDirectories(_root, "gen-*").Select(Path.GetFileName).Order(StringComparer.Ordinal).LastOrDefault();
        _generationNumber = latest is null ? 1 : int.Parse(latest["gen-".Length..], System.Globalization.CultureInfo.InvariantCulture);
        return Generation.Create(_generationNumber, GenerationPath(_generationNumber), _analyzer);
    }

    private string GenerationPath(int number) => Path.Combine(_root, $"gen-{number:D6}");

    private void DeleteGenerationsExcept(params Generation?[] keep)
    {
        foreach (var directory in System.IO.Directory.GetDirectories(_root, "gen-*").Where(d => !keep.Any(g => g?.Path == d)))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The generation and the reader's version: any change to the index makes a new one.</summary>
    private readonly record struct IndexVersion(int Generation, long Version)
    {
        public static IndexVersion Of(Generation generation, IndexSearcher searcher) => new(generation.Number, ((DirectoryReader)searcher.IndexReader).Version);
    }

    /// <summary>An answer and the index it came from: served only while that index is the one searched.</summary>
    private sealed record CachedHits(IndexVersion Index, SearchHits Hits)
    {
        public bool IsOf(IndexVersion index) => Index == index;
    }

    /// <summary>One index directory with its writer and near-real-time searchers.</summary>
    private sealed class Generation(int number, string path, LuceneDirectory directory, IndexWriter writer) : IDisposable
    {
        public int Number { get; } = number;

        public string Path { get; } = path;

        public IndexWriter Writer { get; } = writer;

        public SearcherManager Searchers { get; } = new(writer, applyAllDeletes: true, searcherFactory: null);

        public static Generation Create(int number, string path, Analyzer analyzer)
        {
            var directory = new InMemoryReadDirectory(new NIOFSDirectory(path));
            var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneDocuments.Version, analyzer)
            {
                OpenMode = OpenMode.CREATE_OR_APPEND,
            });
            return new Generation(number, path, directory, writer);
        }

        /// <summary>Durable and visible: the change survives a restart and the next search sees it.</summary>
        public Task CommitAsync()
        {
            Writer.Commit();
            Searchers.MaybeRefreshBlocking();
            return Task.CompletedTask;
        }

        public void Dispose()
        {
            Searchers.Dispose();
            Writer.Dispose();
            directory.Dispose();
        }
    }
}
