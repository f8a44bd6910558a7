using System.Runtime.CompilerServices;
using Npgsql;
using ServiceDefaults.Data;

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
               COALESCE(s.active_start_date, 'epoch'::timestamp) AS active_from,
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
                     GROUP BY c.name ORDER BY min(t.depth), bool_or(t.is_default) DESC, c.name) AS categories,
               ARRAY(SELECT concat_ws(' ', a.external_id, a.name) FROM blc_sku a
                     WHERE a.addl_product_id = p.product_id ORDER BY a.sku_id) AS additional_skus
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
            var id = reader.Get<long>("product_id");
            var sku = reader.Get<string>("external_id") ?? $"SKU-{id}";
            yield return new ProductDocument(
                Id: id,
                Sku: sku,
                Name: reader.Get<string>("name")!,
                Description: reader.Get<string>("description"),
                Price: reader.Get<decimal>("retail_price"),
                SalePrice: reader.Get<decimal?>("sale_price"),
                Categories: reader.Get<string[]>("categories")!,
                Brand: reader.Get<string>("manufacture"),
                Url: reader.Get<string>("url"),
                ActiveFrom: reader.Get<DateTime>("active_from"),
                Skus: [sku, .. reader.Get<string[]>("additional_skus")!]);
        }
    }
}
