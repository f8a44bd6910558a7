using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Reporting.Api.Rollups;

/// <param name="Orders">Checked-out orders read from the replica and written to the rollups (0 when nothing changed).</param>
/// <param name="FullLoad">Whether this sync loaded every checked-out order (the store was empty).</param>
public sealed record SalesRollupSyncResult(int Orders, bool FullLoad, TimeSpan Duration);

/// <summary>
/// One catch-up of the sales rollups with the replica. The first loads every checked-out order; later ones find the
/// orders whose <c>date_updated</c> (Broadleaf sets it on every save: checkout, cancellation) is at or after the newest
/// one seen minus an overlap, keep those whose value differs from the stored one, and reload only them with their
/// items, offer audits and discounts. Broadleaf never deletes a checked-out order (only abandoned carts), so rows are never removed.
/// One store transaction per sync, under an advisory lock: with several instances, one syncs and the others skip.
/// </summary>
public sealed class SalesRollupSync(
    NpgsqlDataSource replica,
    [FromKeyedServices(SalesRollupStore.Name)] NpgsqlDataSource store,
    IOptions<ReportingOptions> options,
    TimeProvider clock)
{
    private const long LockKey = 7_305_226_001;

    /// <summary>Whether this process has ensured the store's tables: once is enough, not every few seconds.</summary>
    private bool _schemaReady;

    private const string CandidatesSql = """
        SELECT order_id, date_updated FROM blc_order WHERE submit_date IS NOT NULL AND date_updated >= $1
        """;

    /// <summary>The orders to load ($1: their ids, or null for every checked-out order) and each one's adjustments per offer.</summary>
    private const string OrdersAndAdjustments = """
        WITH orders AS (
            SELECT order_id, currency_code, coalesce(order_status = 'CANCELLED', false) AS cancelled, submit_date, date_updated,
                   order_total, order_subtotal, total_tax, total_shipping
            FROM blc_order
            WHERE submit_date IS NOT NULL AND ($1::bigint[] IS NULL OR order_id = ANY($1))
        ), adjustments AS (
            SELECT order_id, offer_id, sum(amount) AS amount FROM (
                SELECT a.order_id, a.offer_id, a.adjustment_value AS amount
                FROM blc_order_adjustment a JOIN orders o ON o.order_id = a.order_id
                UNION ALL
                SELECT i.order_id, d.offer_id, d.adjustment_value * p.quantity
                FROM blc_order_item_dtl_adj d
                JOIN blc_order_item_price_dtl p ON p.order_item_price_dtl_id = d.order_item_price_dtl_id
                JOIN blc_order_item i ON i.order_item_id = p.order_item_id
                JOIN orders o ON o.order_id = i.order_id
                UNION ALL
                SELECT g.order_id, f.offer_id, f.adjustment_value
                FROM blc_fg_adjustment f
                JOIN blc_fulfillment_group g ON g.fulfillment_group_id = f.fulfillment_group_id
                JOIN orders o ON o.order_id = g.order_id
            ) x
            GROUP BY order_id, offer_id
        )
        """;

    /// <summary>What is copied per order, each into a temporary table shaped like its store table (see <c>MergeSql</c>).</summary>
    private static readonly StoreFacts[] Facts =
    [
        new("sales_order",
            "order_id, currency_code, cancelled, submit_date, source_updated, order_total, order_subtotal, total_tax, total_shipping, discounts",
            [NpgsqlDbType.Bigint, NpgsqlDbType.Varchar, NpgsqlDbType.Boolean, NpgsqlDbType.Timestamp, NpgsqlDbType.Timestamp,
             NpgsqlDbType.Numeric, NpgsqlDbType.Numeric, NpgsqlDbType.Numeric, NpgsqlDbType.Numeric, NpgsqlDbType.Numeric],
            OrdersAndAdjustments + """
                SELECT o.order_id, o.currency_code, o.cancelled, o.submit_date, o.date_updated,
                       o.order_total, o.order_subtotal, o.total_tax, o.total_shipping, coalesce(d.amount, 0)
                FROM orders o LEFT JOIN (SELECT order_id, sum(amount) AS amount FROM adjustments GROUP BY order_id) d ON d.order_id = o.order_id
                """),
        new("sales_item",
            "order_item_id, order_id, submit_date, cancelled, currency_code, sku_id, product_id, name, quantity, price",
            [NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Timestamp, NpgsqlDbType.Boolean, NpgsqlDbType.Varchar,
             NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Varchar, NpgsqlDbType.Integer, NpgsqlDbType.Numeric],
            OrdersAndAdjustments + """
                SELECT i.order_item_id, o.order_id, o.submit_date, o.cancelled, o.currency_code, d.sku_id, d.product_id, i.name, i.quantity, i.price
                FROM orders o
                JOIN blc_order_item i ON i.order_id = o.order_id
                JOIN blc_discrete_order_item d ON d.order_item_id = i.order_item_id
                """),
        new("sales_redemption",
            "offer_audit_id, order_id, offer_id, offer_code_id, customer_id, redeemed_date, discounts, cancelled, currency_code, order_total",
            [NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint,
             NpgsqlDbType.Timestamp, NpgsqlDbType.Numeric, NpgsqlDbType.Boolean, NpgsqlDbType.Varchar, NpgsqlDbType.Numeric],
            OrdersAndAdjustments + """
                SELECT a.offer_audit_id, a.order_id, a.offer_id, a.offer_code_id, a.customer_id, a.redeemed_date, coalesce(x.amount, 0),
                       o.cancelled, o.currency_code, o.order_total
                FROM blc_offer_audit a
                JOIN orders o ON o.order_id = a.order_id
                LEFT JOIN adjustments x ON x.order_id = a.order_id AND x.offer_id = a.offer_id
                """),
    ];

    /// <summary>
    /// Replaces the loaded orders' rows (an order's items and audits are rewritten whole) and recomputes every quarter
    /// hour they were or now are in.
    /// </summary>
    private static readonly string MergeSql = $"""
        CREATE TEMP TABLE touched ON COMMIT DROP AS
            SELECT date_bin('15 minutes', submit_date, timestamp '2000-01-01') AS bucket FROM incoming_sales_order
            UNION
            SELECT s.bucket FROM sales_order s JOIN incoming_sales_order i ON i.order_id = s.order_id;
        DELETE FROM sales_order WHERE order_id IN (SELECT order_id FROM incoming_sales_order);
        DELETE FROM sales_item WHERE order_id IN (SELECT order_id FROM incoming_sales_order);
        DELETE FROM sales_redemption WHERE order_id IN (SELECT order_id FROM incoming_sales_order);
        {string.Concat(Facts.Select(f => $"INSERT INTO {f.Table} ({f.Columns}) SELECT {f.Columns} FROM incoming_{f.Table};\n"))}
        DELETE FROM sales_quarter_hour q USING touched t WHERE q.bucket = t.bucket;
        INSERT INTO sales_quarter_hour (bucket, currency_code, cancelled, orders, order_total, order_subtotal, total_tax, total_shipping, discounts)
        SELECT s.bucket, s.currency_code, s.cancelled, count(*), coalesce(sum(s.order_total), 0), coalesce(sum(s.order_subtotal), 0),
               coalesce(sum(s.total_tax), 0), coalesce(sum(s.total_shipping), 0), sum(s.discounts)
        FROM sales_order s JOIN touched t ON t.bucket = s.bucket
        GROUP BY s.bucket, s.currency_code, s.cancelled;
        UPDATE sales_rollup_state SET watermark = greatest(watermark, (SELECT max(source_updated) FROM incoming_sales_order)) WHERE id = 1;
        """;

    private sealed record StoreFacts(string Table, string Columns, NpgsqlDbType[] Types, string Sql);

    /// <summary>Catches up once; null when another instance holds the sync lock.</summary>
    public async Task<SalesRollupSyncResult?> SyncAsync(CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        var startedAt = clock.GetUtcNow();
        await using var connection = await store.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await ScalarAsync(connection, "SELECT pg_try_advisory_xact_lock($1)", ct, LockKey) is not true)
        {
            return null;
        }

        if (!_schemaReady)
        {
            await ExecuteAsync(connection, SalesRollupStore.Schema, ct);
        }

        var watermark = await ScalarAsync(connection, "SELECT watermark FROM sales_rollup_state WHERE id = 1", ct) as DateTime?;
        var changed = watermark is { } seen
            ? await ChangedOrdersAsync(connection, seen.AddMinutes(-options.Value.RollupOverlapMinutes), ct)
            : null;
        var orders = changed is { Length: 0 } ? 0 : await LoadAsync(connection, changed, ct);

        await ExecuteAsync(connection, "UPDATE sales_rollup_state SET synced_at = $1 WHERE id = 1", ct, startedAt);
        await transaction.CommitAsync(ct);
        _schemaReady = true;
        return new SalesRollupSyncResult(orders, FullLoad: changed is null, clock.GetElapsedTime(started));
    }

    /// <summary>Checked-out orders updated since <paramref name="since"/> whose <c>date_updated</c> the store does not have yet.</summary>
    private async Task<long[]> ChangedOrdersAsync(NpgsqlConnection connection, DateTime since, CancellationToken ct)
    {
        var candidates = new Dictionary<long, DateTime>();
        await using (var command = replica.CreateCommand(CandidatesSql))
        {
            command.CommandTimeout = options.Value.RollupSyncTimeoutSeconds;
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = since });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                candidates[reader.GetInt64(0)] = reader.GetDateTime(1);
            }
        }

        await using (var command = new NpgsqlCommand("SELECT order_id, source_updated FROM sales_order WHERE order_id = ANY($1)", connection))
        {
            command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. candidates.Keys] });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var id = reader.GetInt64(0);
                if (!reader.IsDBNull(1) && candidates[id] == reader.GetDateTime(1))
                {
                    candidates.Remove(id);
                }
            }
        }

        return [.. candidates.Keys];
    }

    /// <summary>Streams the orders (every checked-out one when <paramref name="orderIds"/> is null) from the replica into the store.</summary>
    private async Task<int> LoadAsync(NpgsqlConnection connection, long[]? orderIds, CancellationToken ct)
    {
        var orders = await CopyAsync(connection, Facts[0], orderIds, ct);
        foreach (var facts in Facts.Skip(1))
        {
            await CopyAsync(connection, facts, orderIds, ct);
        }

        await ExecuteAsync(connection, MergeSql, ct);
        return orders;
    }

    private async Task<int> CopyAsync(NpgsqlConnection connection, StoreFacts facts, long[]? orderIds, CancellationToken ct)
    {
        var incoming = $"incoming_{facts.Table}";
        await ExecuteAsync(connection, $"CREATE TEMP TABLE {incoming} ON COMMIT DROP AS SELECT {facts.Columns} FROM {facts.Table} WITH NO DATA", ct);
        var rows = 0;
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {incoming} ({facts.Columns}) FROM STDIN (FORMAT BINARY)", ct);
        await using var command = replica.CreateCommand(facts.Sql);
        command.CommandTimeout = options.Value.RollupSyncTimeoutSeconds;
        command.Parameters.Add(new NpgsqlParameter<long[]?> { TypedValue = orderIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            await importer.StartRowAsync(ct);
            for (var column = 0; column < facts.Types.Length; column++)
            {
                if (reader.IsDBNull(column))
                {
                    await importer.WriteNullAsync(ct);
                }
                else
                {
                    await importer.WriteAsync(reader.GetValue(column), facts.Types[column], ct);
                }
            }

            rows++;
        }

        await importer.CompleteAsync(ct);
        return rows;
    }

    private async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params object[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params object[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteScalarAsync(ct);
    }

    private NpgsqlCommand Command(NpgsqlConnection connection, string sql, object[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection) { CommandTimeout = options.Value.RollupSyncTimeoutSeconds };
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
