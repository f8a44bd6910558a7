namespace Search.Api.Engine.Solr;

/// <summary>Solr answered with an error (its <c>error.msg</c> and code), or with something that is not a Solr answer.</summary>
public class SolrException(string message, int code) : Exception(message)
{
    public int Code { get; } = code;
}

/// <summary>Solr ran out of <c>timeAllowed</c> and answered <c>partialResults</c>: too slow to trust the page or the counts.</summary>
public sealed class SolrTimeoutException(string message) : SolrException(message, 0);

/// <summary>The reindex lease is another replica's, or was taken over: this replica does not reindex now.</summary>
public sealed class SolrLeaseException(string message) : SolrException(message, 409);
