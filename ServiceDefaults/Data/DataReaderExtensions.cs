using System.Data.Common;

namespace ServiceDefaults.Data;

public static class DataReaderExtensions
{
    /// <summary>
    /// The value of <paramref name="column"/> by name, for readers of wide rows where ordinals would drift with the query;
    /// null (the default) for SQL NULL, so ask for a nullable type where the column can be NULL.
    /// </summary>
    public static T? Get<T>(this DbDataReader reader, string column)
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? default : reader.GetFieldValue<T>(ordinal);
    }
}
