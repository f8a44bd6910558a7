namespace AppHost.Broadleaf;

/// <summary>Where generated rows go: the database (COPY) or, in tests, a counter.</summary>
public interface IBroadleafRowSink
{
    void Write(BroadleafTable table, params object?[] values);
}
