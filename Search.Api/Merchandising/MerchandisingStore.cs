namespace Search.Api.Merchandising;

/// <summary>The search rules in force: none until first read (searches never wait for them).</summary>
public sealed class MerchandisingStore
{
    private volatile SearchMerchandising _current = SearchMerchandising.None;

    public SearchMerchandising Current
    {
        get => _current;
        set => _current = value;
    }
}
