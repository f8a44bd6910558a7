using AppHost.Broadleaf;

namespace AppHost.Tests;

/// <summary>Keeps every generated row, by table, as the database would receive it.</summary>
internal sealed class RecordingSink : IBroadleafRowSink
{
    public Dictionary<string, List<object?[]>> Rows { get; } = [];

    public void Write(BroadleafTable table, params object?[] values)
    {
        if (!Rows.TryGetValue(table.Name, out var rows))
        {
            Rows[table.Name] = rows = [];
        }

        rows.Add(values);
    }

    /// <summary>Rows of <paramref name="table"/> as column name → value.</summary>
    public IEnumerable<Dictionary<string, object?>> Table(BroadleafTable table) =>
        Rows.GetValueOrDefault(table.Name, []).Select(row => table.Columns.Zip(row).ToDictionary(c => c.First, c => c.Second));
}
