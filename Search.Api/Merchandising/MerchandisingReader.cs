using Npgsql;

namespace Search.Api.Merchandising;

/// <summary>Reads Broadleaf's search synonyms and redirects from the replica (small tables: read whole).</summary>
public sealed class MerchandisingReader(NpgsqlDataSource replica, TimeProvider time)
{
    public async Task<SearchMerchandising> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await replica.OpenConnectionAsync(cancellationToken);
        var synonyms = new List<IReadOnlyList<string>>();
        await using (var command = new NpgsqlCommand("SELECT term, synonyms FROM blc_search_synonym WHERE term IS NOT NULL ORDER BY search_synonym_id", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                // Broadleaf keeps the synonyms '|'-separated (SearchSynonymImpl.getSynonyms).
                var words = (reader.IsDBNull(1) ? "" : reader.GetString(1)).Split('|').Prepend(reader.GetString(0))
                    .Select(w => w.Trim().ToLowerInvariant()).Where(w => w.Length > 0).Distinct().ToList();
                if (words.Count > 1)
                {
                    synonyms.Add(words);
                }
            }
        }

        var redirects = new List<SearchRedirect>();
        await using (var command = new NpgsqlCommand("SELECT search_term, url, COALESCE(priority, 0), active_start_date, active_end_date FROM blc_search_intercept", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                redirects.Add(new SearchRedirect(reader.GetString(0), reader.GetString(1), reader.GetInt32(2),
                    reader.IsDBNull(3) ? null : reader.GetDateTime(3), reader.IsDBNull(4) ? null : reader.GetDateTime(4)));
            }
        }

        await using var clock = new NpgsqlCommand("SELECT LOCALTIMESTAMP", connection);
        var storeNow = (DateTime)(await clock.ExecuteScalarAsync(cancellationToken))!;
        return new SearchMerchandising(synonyms, redirects, storeNow - time.GetUtcNow().UtcDateTime);
    }
}
