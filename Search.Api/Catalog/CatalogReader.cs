using System.Runtime.CompilerServices;
using Npgsql;

namespace Search.Api.Catalog;

/// <summary>
/// Reads searchable products from Broadleaf's read replica: not archived, default SKU active now, with the codes of their
/// additional SKUs and their non-archived categories: those they are in (<c>blc_category_product_xref</c>) and every
/// parent of those (<c>blc_category_xref</c> and <c>default_parent_category_id</c>), so that a product in Mens is found
/// and counted under Merchandise too; a top-level category (the navigation root) only when a product is in it itself.
/// Broadleaf's timestamps are local time without zone, so "now" is the database's own <c>LOCALTIMESTAMP</c>.
/// </summary>
public sealed class CatalogReader(NpgsqlDataSource replica)
{
    private const string Sql = """
        SELECT p.product_id, s.external_id, s.name, s.description, s.retail_price, s.sale_price, p.manufacture, p.url,
               COALESCE(s.active_start_date, 'epoch'::timestamp),
               ARRAY(WITH RECURSIVE tree (category_id, depth, is_default) AS (
                         SELECT x.category_id, 0, COALESCE(x.default_reference, false)
                         FROM blc_category_product_xref x WHERE x.product_id = p.product_id
                         UNION
                         SELECT up.parent_id, t.depth + 1, false FROM tree t
                         JOIN LATERAL (SELECT cx.category_id FROM blc_category_xref cx WHERE cx.sub_category_id = t.category_id
                                       UNION SELECT c.default_parent_category_id FROM blc_category c
                                             WHERE c.category_id = t.category_id AND c.default_parent_category_id IS NOT NULL) up (parent_id) ON true
                         WHERE t.depth < 16)
                     SELECT c.name FROM tree t JOIN blc_category c ON c.category_id = t.category_id
                     WHERE COALESCE(c.archived, 'N') <> 'Y'
                       AND (t.depth = 0 OR c.default_parent_category_id IS NOT NULL
                            OR EXISTS (SELECT 1 FROM blc_category_xref cx WHERE cx.sub_category_id = c.category_id))
                     GROUP BY c.name ORDER BY min(t.depth), bool_or(t.is_default) DESC, c.name),
               ARRAY(SELECT concat_ws(' ', a.external_id, a.name) FROM blc_sku a
                     WHERE a.addl_product_id = p.product_id ORDER BY a.sku_id)
        FROM blc_product p
        JOIN blc_sku s ON s.sku_id = p.default_sku_id
        WHERE COALESCE(p.archived, 'N') <> 'Y'
          AND s.name IS NOT NULL AND s.retail_price IS NOT NULL
          AND (s.active_start_date IS NULL OR s.active_start_date <= LOCALTIMESTAMP)
          AND (s.active_end_date IS NULL OR s.active_end_date > LOCALTIMESTAMP)
          AND ($1::bigint IS NULL OR p.product_id = $1)
        ORDER BY p.product_id
        """;

    /// <summary>Every searchable product, streamed in product id order.</summary>
    public IAsyncEnumerable<ProductDocument> ReadAllAsync(CancellationToken cancellationToken) => ReadAsync(null, cancellationToken);

    /// <returns>The product, or null when it is not (or no longer) searchable.</returns>
    public async Task<ProductDocument?> FindAsync(long productId, CancellationToken cancellationToken)
    {
        await foreach (var product in ReadAsync(productId, cancellationToken))
        {
            return product;
        }

        return null;
    }

    private async IAsyncEnumerable<ProductDocument> ReadAsync(long? productId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = replica.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)productId ?? DBNull.Value, DataTypeName = "bigint" });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var sku = reader.IsDBNull(1) ? $"SKU-{reader.GetInt64(0)}" : reader.GetString(1);
            yield return new ProductDocument(
                Id: reader.GetInt64(0),
                Sku: sku,
                Name: reader.GetString(2),
                Description: reader.IsDBNull(3) ? null : reader.GetString(3),
                Price: reader.GetDecimal(4),
                SalePrice: reader.IsDBNull(5) ? null : reader.GetDecimal(5),
                Categories: reader.GetFieldValue<string[]>(9),
                Brand: reader.IsDBNull(6) ? null : reader.GetString(6),
                Url: reader.IsDBNull(7) ? null : reader.GetString(7),
                ActiveFrom: reader.GetDateTime(8),
                Skus: [sku, .. reader.GetFieldValue<string[]>(10)]);
        }
    }
}
