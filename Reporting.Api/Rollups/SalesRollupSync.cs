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
/// discounts. Broadleaf never deletes a checked-out order (only abandoned carts), so rows are never removed.
/// One store transaction per sync, under an advisory lock: with several instances, one syncs and the others skip.
/// </summary>
public sealed class SalesRollupSync(
    NpgsqlDataSource replica,
    [FromKeyedServices(SalesRollupStore.Name)] NpgsqlDataSource store,
    IOptions<ReportingOptions> options,
    TimeProvider clock)
{
    private const long LockKey = 7_305_226_001;

    private const string CandidatesSql = """
        SELECT order_id, date_updated FROM blc_order WHERE submit_date IS NOT NULL AND date_updated >= $1
        """;

    /// <summary>What the sales report needs of each order, with its order, item (value × quantity) and shipping adjustments.</summary>
    private const string OrdersSql = """
        WITH orders AS (
            SELECT order_id, currency_code, order_status = 'CANCELLED' AS cancelled, submit_date, date_updated,
                   order_total, order_subtotal, total_tax, total_shipping
            FROM blc_order
            WHERE submit_date IS NOT NULL AND ($1::bigint[] IS NULL OR order_id = ANY($1))
        ), discounts AS (
            SELECT order_id, sum(amount) AS amount FROM (
                SELECT a.order_id, a.adjustment_value AS amount
                FROM blc_order_adjustment a JOIN orders o ON o.order_id = a.order_id
                UNION ALL
                SELECT i.order_id, d.adjustment_value * p.quantity
                FROM blc_order_item_dtl_adj d
                JOIN blc_order_item_price_dtl p ON p.order_item_price_dtl_id = d.order_item_price_dtl_id
                JOIN blc_order_item i ON i.order_item_id = p.order_item_id
                JOIN orders o ON o.order_id = i.order_id
                UNION ALL
                SELECT g.order_id, f.adjustment_value
                FROM blc_fg_adjustment f
                JOIN blc_fulfillment_group g ON g.fulfillment_group_id = f.fulfillment_group_id
                JOIN orders o ON o.order_id = g.order_id
            ) adjustments
            GROUP BY order_id
        )
        SELECT o.order_id, o.currency_code, o.cancelled, o.submit_date, o.date_updated,
               o.order_total, o.order_subtotal, o.total_tax, o.total_shipping, coalesce(d.amount, 0)
        FROM orders o LEFT JOIN discounts d ON d.order_id = o.order_id
        """;

    private const string Columns =
        "order_id, currency_code, cancelled, submit_date, source_updated, order_total, order_subtotal, total_tax, total_shipping, discounts";

    private static readonly NpgsqlDbType[] ColumnTypes =
    [
        NpgsqlDbType.Bigint, NpgsqlDbType.Varchar, NpgsqlDbType.Boolean, NpgsqlDbType.Timestamp, NpgsqlDbType.Timestamp,
        NpgsqlDbType.Numeric, NpgsqlDbType.Numeric, NpgsqlDbType.Numeric, NpgsqlDbType.Numeric, NpgsqlDbType.Numeric,
    ];

    /// <summary>Upserts the incoming orders and recomputes every quarter hour they were or now are in.</summary>
    private const string MergeSql = $"""
        CREATE TEMP TABLE touched ON COMMIT DROP AS
            SELECT date_bin('15 minutes', submit_date, timestamp '2000-01-01') AS bucket FROM incoming
            UNION
            SELECT s.bucket FROM sales_order s JOIN incoming i ON i.order_id = s.order_id;
        INSERT INTO sales_order ({Columns})
        SELECT {Columns} FROM incoming
        ON CONFLICT (order_id) DO UPDATE SET
            currency_code = EXCLUDED.currency_code, cancelled = EXCLUDED.cancelled, submit_date = EXCLUDED.submit_date,
            source_updated = EXCLUDED.source_updated, order_total = EXCLUDED.order_total, order_subtotal = EXCLUDED.order_subtotal,
            total_tax = EXCLUDED.total_tax, total_shipping = EXCLUDED.total_shipping, discounts = EXCLUDED.discounts;
        DELETE FROM sales_quarter_hour q USING touched t WHERE q.bucket = t.bucket;
        INSERT INTO sales_quarter_hour (bucket, currency_code, cancelled, orders, order_total, order_subtotal, total_tax, total_shipping, discounts)
        SELECT s.bucket, s.currency_code, s.cancelled, count(*), coalesce(sum(s.order_total), 0), coalesce(sum(s.order_subtotal), 0),
               coalesce(sum(s.total_tax), 0), coalesce(sum(s.total_shipping), 0), sum(s.discounts)
        FROM sales_order s JOIN touched t ON t.bucket = s.bucket
        GROUP BY s.bucket, s.currency_code, s.cancelled;
        UPDATE sales_rollup_state SET watermark = greatest(watermark, (SELECT max(source_updated) FROM incoming)) WHERE id = 1;
        """;

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

        await ExecuteAsync(connection, SalesRollupStore.Schema, ct);
        var watermark = await ScalarAsync(connection, "SELECT watermark FROM sales_rollup_state WHERE id = 1", ct) as DateTime?;
        var changed = watermark is { } seen
            ? await ChangedOrdersAsync(connection, seen.AddMinutes(-options.Value.RollupOverlapMinutes), ct)
            : null;
        var orders = changed is { Length: 0 } ? 0 : await LoadAsync(connection, changed, ct);

        await ExecuteAsync(connection, "UPDATE sales_rollup_state SET synced_at = $1 WHERE id = 1", ct, startedAt);
        await transaction.CommitAsync(ct);
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
        await ExecuteAsync(connection, $"CREATE TEMP TABLE incoming ON COMMIT DROP AS SELECT {Columns} FROM sales_order WITH NO DATA", ct);
        var rows = 0;
        await using (var importer = await connection.BeginBinaryImportAsync($"COPY incoming ({Columns}) FROM STDIN (FORMAT BINARY)", ct))
        {
            await using var command = replica.CreateCommand(OrdersSql);
            command.CommandTimeout = options.Value.RollupSyncTimeoutSeconds;
            command.Parameters.Add(new NpgsqlParameter<long[]?> { TypedValue = orderIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                await importer.StartRowAsync(ct);
                for (var column = 0; column < ColumnTypes.Length; column++)
                {
                    if (reader.IsDBNull(column))
                    {
                        await importer.WriteNullAsync(ct);
                    }
                    else
                    {
                        await importer.WriteAsync(reader.GetValue(column), ColumnTypes[column], ct);
                    }
                }

                rows++;
            }

            await importer.CompleteAsync(ct);
        }

        await ExecuteAsync(connection, MergeSql, ct);
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
