namespace Search.Api.Merchandising;

/// <summary>The search rules in force: none until first read (searches never wait for them).</summary>
public sealed class MerchandisingStore
{
    private volatile SearchMerchandising current = SearchMerchandising.None;

    public SearchMerchandising Current
    {
        get => current;
        set => current = value;
    }
}
