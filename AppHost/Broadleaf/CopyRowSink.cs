using System.Globalization;
using System.Text;
using Npgsql;

namespace AppHost.Broadleaf;

/// <summary>
/// Streams rows into PostgreSQL with text-format COPY, one connection per table so that all tables load at once
/// while the generator walks the history in a single pass.
/// </summary>
public sealed class CopyRowSink(string connectionString) : IBroadleafRowSink, IAsyncDisposable
{
    private readonly Dictionary<string, (NpgsqlConnection Connection, TextWriter Writer)> _writers = [];
    private readonly StringBuilder _line = new();

    public void Write(BroadleafTable table, params object?[] values)
    {
        if (!_writers.TryGetValue(table.Name, out var target))
        {
            var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            var writer = connection.BeginTextImport($"COPY {table.Name} ({string.Join(", ", table.Columns)}) FROM STDIN");
            _writers[table.Name] = target = (connection, writer);
        }

        _line.Clear();
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                _line.Append('\t');
            }

            AppendValue(values[i]);
        }

        _line.Append('\n');
        target.Writer.Write(_line);
    }

    private void AppendValue(object? value)
    {
        switch (value)
        {
            case null:
                _line.Append(@"\N");
                break;
            case bool b:
                _line.Append(b ? 't' : 'f');
                break;
            case DateTime d:
                _line.Append(d.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture));
                break;
            case IFormattable f:
                _line.Append(f.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                foreach (var c in value.ToString()!)
                {
                    _line.Append(c switch { '\\' => @"\\", '\t' => @"\t", '\n' => @"\n", '\r' => @"\r", _ => c.ToString() });
                }

                break;
        }
    }

    /// <summary>Ends every COPY (committing its rows) and closes the connections.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var (connection, writer) in _writers.Values)
        {
            await writer.DisposeAsync().ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _writers.Clear();
    }
}
