using ServiceDefaults.Data;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Reporting.Api.Rollups;

/// <param name="Orders">Orders read from the replica and written to the store (0 when nothing changed).</param>
/// <param name="FullLoad">Whether this sync loaded every order (the store was empty).</param>
/// <param name="Reconciled">Whether this sync also compared what no timestamp reveals (see <see cref="ReportingStoreSync"/>).</param>
public sealed record ReportingStoreSyncResult(int Orders, bool FullLoad, bool Reconciled, TimeSpan Duration);

/// <summary>
/// One catch-up of the reporting store with the replica. The first loads every order; later ones find the orders whose
/// <c>date_updated</c> (Broadleaf sets it on every save: cart changes, checkout, cancellation) is at or after the newest
/// one seen minus an overlap, keep those whose value differs from the stored one, and reload only them with their items,
/// offer audits, discounts and fulfillment groups. Two changes leave no timestamp: a purged cart, and a fulfillment
/// group's status set by an OMS without saving the order. Every <see cref="ReportingOptions.RollupReconcile"/>
/// a sync therefore also compares the store's open orders and groups with the replica's and reloads the orders that
/// differ. One store transaction per sync, under an advisory lock: with several instances, one syncs and the others skip.
/// </summary>
public sealed class ReportingStoreSync(
    NpgsqlDataSource replica,
    [FromKeyedServices(ReportingStore.Name)] NpgsqlDataSource store,
    IOptions<ReportingOptions> options,
    TimeProvider clock)
{
    private const long LockKey = 7_305_226_001;

    /// <summary>Whether this process has ensured the store's tables: once is enough, not every few seconds.</summary>
    private bool _schemaReady;

    private const string CandidatesSql = "SELECT order_id, date_updated FROM blc_order WHERE date_updated >= $1";

    /// <summary>The checked-out orders to load ($1: their ids, or null for all) and each one's adjustments per offer.</summary>
    private const string OrdersAndAdjustments = """
        WITH orders AS (
            SELECT order_id, customer_id, order_status, currency_code, coalesce(order_status = 'CANCELLED', false) AS cancelled,
                   submit_date, date_updated, order_total, order_subtotal, total_tax, total_shipping
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

    private static readonly StoreFacts Orders = new("sales_order",
        "order_id, customer_id, order_status, currency_code, cancelled, submit_date, source_updated, order_total, order_subtotal, total_tax, total_shipping, discounts",
        [NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Boolean, NpgsqlDbType.Timestamp,
         NpgsqlDbType.Timestamp, NpgsqlDbType.Numeric, NpgsqlDbType.Numeric, NpgsqlDbType.Numeric, NpgsqlDbType.Numeric, NpgsqlDbType.Numeric],
        OrdersAndAdjustments + """
            SELECT o.order_id, o.customer_id, o.order_status, o.currency_code, o.cancelled, o.submit_date, o.date_updated,
                   o.order_total, o.order_subtotal, o.total_tax, o.total_shipping, coalesce(d.amount, 0)
            FROM orders o LEFT JOIN (SELECT order_id, sum(amount) AS amount FROM adjustments GROUP BY order_id) d ON d.order_id = o.order_id
            """);

    private static readonly StoreFacts OpenOrders = new("open_order",
        "order_id, order_status, currency_code, date_created, source_updated, order_subtotal, order_total",
        [NpgsqlDbType.Bigint, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Timestamp, NpgsqlDbType.Timestamp,
         NpgsqlDbType.Numeric, NpgsqlDbType.Numeric],
        """
        SELECT order_id, order_status, currency_code, date_created, date_updated, order_subtotal, order_total
        FROM blc_order WHERE submit_date IS NULL AND ($1::bigint[] IS NULL OR order_id = ANY($1))
        """);

    private static readonly StoreFacts Groups = new("delivery_group",
        "fulfillment_group_id, order_id, submit_date, status, type",
        [NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Timestamp, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar],
        """
        SELECT g.fulfillment_group_id, o.order_id, o.submit_date, g.status, g.type
        FROM blc_fulfillment_group g JOIN blc_order o ON o.order_id = g.order_id
        WHERE o.submit_date IS NOT NULL AND ($1::bigint[] IS NULL OR o.order_id = ANY($1))
        """);

    /// <summary>What is copied per order, each into a temporary table shaped like its store table (see <c>MergeSql</c>).</summary>
    private static readonly StoreFacts[] Facts =
    [
        Orders,
        OpenOrders,
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
        Groups,
    ];

    /// <summary>Each day-sum table and how its rows of the touched days are computed from the facts.</summary>
    private static readonly (string Table, string Select)[] DaySums =
    [
        ("order_status_day", """
            SELECT t.day, x.order_status, x.currency_code, count(*), coalesce(sum(x.order_subtotal), 0), coalesce(sum(x.order_total), 0)
            FROM touched_day t JOIN (
                SELECT submit_date AS at, order_status, currency_code, order_subtotal, order_total FROM sales_order
                UNION ALL SELECT date_created, order_status, currency_code, order_subtotal, order_total FROM open_order
            ) x ON x.at >= t.day AND x.at < t.day + 1
            GROUP BY t.day, x.order_status, x.currency_code
            """),
        ("delivery_day", """
            SELECT t.day, g.status, g.type, count(*)
            FROM touched_day t JOIN delivery_group g ON g.submit_date >= t.day AND g.submit_date < t.day + 1
            GROUP BY t.day, g.status, g.type
            """),
        ("product_day", """
            SELECT t.day, i.sku_id, i.currency_code, max(i.product_id), max(i.name), sum(i.quantity), sum(i.price * i.quantity), count(DISTINCT i.order_id)
            FROM touched_day t JOIN sales_item i ON i.submit_date >= t.day AND i.submit_date < t.day + 1
            WHERE NOT i.cancelled
            GROUP BY t.day, i.sku_id, i.currency_code
            """),
        ("redemption_day", """
            SELECT t.day, r.offer_id, r.currency_code, count(*), sum(r.discounts), coalesce(sum(r.order_total), 0)
            FROM touched_day t JOIN sales_redemption r ON r.redeemed_date >= t.day AND r.redeemed_date < t.day + 1
            WHERE NOT r.cancelled
            GROUP BY t.day, r.offer_id, r.currency_code
            """),
        ("code_day", """
            SELECT t.day, r.offer_code_id, count(*)
            FROM touched_day t JOIN sales_redemption r ON coalesce(r.redeemed_date::date, '-infinity') = t.day
            WHERE NOT r.cancelled AND r.offer_code_id IS NOT NULL
            GROUP BY t.day, r.offer_code_id
            """),
        ("customer_first_day", """
            SELECT t.day, s.currency_code, date_trunc('month', s.first_submit)::date, count(*), coalesce(sum(s.order_total), 0),
                   count(*) FILTER (WHERE s.previous_in_currency IS NULL)
            FROM touched_day t JOIN sales_order s ON s.submit_date >= t.day AND s.submit_date < t.day + 1
            WHERE NOT s.cancelled
            GROUP BY 1, 2, 3
            """),
        ("customer_previous_day", """
            SELECT t.day, s.currency_code, date_trunc('month', s.previous_in_currency)::date, count(*)
            FROM touched_day t JOIN sales_order s ON s.submit_date >= t.day AND s.submit_date < t.day + 1
            WHERE NOT s.cancelled
            GROUP BY 1, 2, 3
            """),
    ];

    /// <summary>
    /// Replaces the reloaded orders' rows (an order's items, audits and groups are rewritten whole; an order gone from the
    /// replica is removed), recomputes the customers' and redemptions' "previous" columns of the customers concerned, and
    /// every day, hour and quarter hour whose sums those orders were or now are in (and, for the customer sums, the days of the
    /// orders whose first or previous order changed).
    /// </summary>
    private static readonly string MergeSql = $"""
        CREATE TEMP TABLE touched_bucket ON COMMIT DROP AS
            SELECT date_bin('15 minutes', submit_date, timestamp '2000-01-01') AS bucket FROM incoming_sales_order
            UNION SELECT s.bucket FROM sales_order s JOIN reloaded r ON r.order_id = s.order_id;
        CREATE TEMP TABLE touched_day ON COMMIT DROP AS
            SELECT submit_date::date AS day FROM incoming_sales_order
            UNION SELECT s.submit_date::date FROM sales_order s JOIN reloaded r ON r.order_id = s.order_id
            UNION SELECT date_created::date FROM incoming_open_order WHERE date_created IS NOT NULL
            UNION SELECT o.date_created::date FROM open_order o JOIN reloaded r ON r.order_id = o.order_id WHERE o.date_created IS NOT NULL
            UNION SELECT coalesce(redeemed_date::date, '-infinity') FROM incoming_sales_redemption
            UNION SELECT coalesce(s.redeemed_date::date, '-infinity') FROM sales_redemption s JOIN reloaded r ON r.order_id = s.order_id;
        CREATE TEMP TABLE touched_customer ON COMMIT DROP AS
            SELECT customer_id FROM incoming_sales_order
            UNION SELECT s.customer_id FROM sales_order s JOIN reloaded r ON r.order_id = s.order_id;
        CREATE TEMP TABLE touched_redeemer ON COMMIT DROP AS
            SELECT offer_id, customer_id FROM incoming_sales_redemption
            UNION SELECT s.offer_id, s.customer_id FROM sales_redemption s JOIN reloaded r ON r.order_id = s.order_id;
        {string.Concat(Facts.Select(f => $"""
            DELETE FROM {f.Table} WHERE order_id IN (SELECT order_id FROM reloaded);
            INSERT INTO {f.Table} ({f.Columns}) SELECT {f.Columns} FROM incoming_{f.Table};

            """))}
        WITH changed AS (
            UPDATE sales_order s SET first_submit = x.first_submit, previous_in_currency = x.previous
            FROM (
                SELECT order_id, min(submit_date) OVER (PARTITION BY customer_id) AS first_submit,
                       lag(submit_date) OVER (PARTITION BY customer_id, currency_code ORDER BY submit_date, order_id) AS previous
                FROM sales_order WHERE NOT cancelled AND customer_id IN (SELECT customer_id FROM touched_customer)
            ) x
            WHERE s.order_id = x.order_id
              AND (s.first_submit IS DISTINCT FROM x.first_submit OR s.previous_in_currency IS DISTINCT FROM x.previous)
            RETURNING s.submit_date::date AS day
        )
        -- A customer's other orders, on other days, change with their first or previous order: their customer sums too.
        INSERT INTO touched_day SELECT DISTINCT day FROM changed WHERE day NOT IN (SELECT day FROM touched_day);
        UPDATE sales_redemption s SET previous_redeemed = x.previous
        FROM (
            SELECT offer_audit_id, lag(redeemed_date) OVER (PARTITION BY offer_id, customer_id ORDER BY redeemed_date, offer_audit_id) AS previous
            FROM sales_redemption
            WHERE NOT cancelled AND (offer_id, customer_id) IN (SELECT offer_id, customer_id FROM touched_redeemer)
        ) x
        WHERE s.offer_audit_id = x.offer_audit_id AND s.previous_redeemed IS DISTINCT FROM x.previous;
        DELETE FROM sales_quarter_hour q USING touched_bucket t WHERE q.bucket = t.bucket;
        INSERT INTO sales_quarter_hour (bucket, currency_code, cancelled, orders, order_total, order_subtotal, total_tax, total_shipping, discounts)
        SELECT s.bucket, s.currency_code, s.cancelled, count(*), coalesce(sum(s.order_total), 0), coalesce(sum(s.order_subtotal), 0),
               coalesce(sum(s.total_tax), 0), coalesce(sum(s.total_shipping), 0), sum(s.discounts)
        FROM sales_order s JOIN touched_bucket t ON t.bucket = s.bucket
        GROUP BY s.bucket, s.currency_code, s.cancelled;
        CREATE TEMP TABLE touched_hour ON COMMIT DROP AS SELECT DISTINCT date_trunc('hour', bucket) AS bucket FROM touched_bucket;
        DELETE FROM sales_hour h USING touched_hour t WHERE h.bucket = t.bucket;
        INSERT INTO sales_hour (bucket, currency_code, cancelled, orders, order_total, order_subtotal, total_tax, total_shipping, discounts)
        SELECT t.bucket, q.currency_code, q.cancelled, sum(q.orders), sum(q.order_total), sum(q.order_subtotal), sum(q.total_tax),
               sum(q.total_shipping), sum(q.discounts)
        FROM sales_quarter_hour q JOIN touched_hour t ON q.bucket >= t.bucket AND q.bucket < t.bucket + interval '1 hour'
        GROUP BY t.bucket, q.currency_code, q.cancelled;
        CREATE TEMP TABLE product_delta ON COMMIT DROP AS
            SELECT p.day, p.sku_id, p.currency_code, p.product_id, p.name, -p.units AS units, -p.revenue AS revenue, -p.orders AS orders
            FROM product_day p JOIN touched_day t ON t.day = p.day;
        {string.Concat(DaySums.Select(d => $"""
            DELETE FROM {d.Table} x USING touched_day t WHERE x.day = t.day;
            INSERT INTO {d.Table} {d.Select};

            """))}
        INSERT INTO product_delta SELECT p.day, p.sku_id, p.currency_code, p.product_id, p.name, p.units, p.revenue, p.orders
            FROM product_day p JOIN touched_day t ON t.day = p.day;
        {ProductCheckpointsSql}
        UPDATE sales_rollup_state SET watermark = greatest(watermark,
            (SELECT max(source_updated) FROM incoming_sales_order), (SELECT max(source_updated) FROM incoming_open_order)) WHERE id = 1;
        """;

    /// <summary>
    /// Keeps <c>product_before_month</c> (see <see cref="ReportingStore"/>): the change of the touched days' product sums
    /// (<c>product_delta</c>: old rows negated, new rows) is added to every checkpoint after its day, then checkpoints are
    /// added month by month up to the month after the newest day, each from the one before and that month's day sums.
    /// </summary>
    private const string ProductCheckpointsSql = """
        CREATE TEMP TABLE product_change ON COMMIT DROP AS
            SELECT c.month, d.sku_id, d.currency_code, max(d.product_id) AS product_id, max(d.name) AS name,
                   sum(d.units) AS units, sum(d.revenue) AS revenue, sum(d.orders) AS orders
            FROM product_delta d JOIN product_checkpoint c ON c.month > d.day
            GROUP BY c.month, d.sku_id, d.currency_code
            HAVING sum(d.units) <> 0 OR sum(d.revenue) <> 0 OR sum(d.orders) <> 0;
        UPDATE product_before_month p
        SET units = p.units + c.units, revenue = p.revenue + c.revenue, orders = p.orders + c.orders,
            product_id = greatest(p.product_id, c.product_id), name = greatest(p.name, c.name)
        FROM product_change c
        WHERE p.month = c.month AND p.sku_id = c.sku_id AND p.currency_code IS NOT DISTINCT FROM c.currency_code;
        INSERT INTO product_before_month (month, sku_id, currency_code, product_id, name, units, revenue, orders)
        SELECT c.month, c.sku_id, c.currency_code, c.product_id, c.name, c.units, c.revenue, c.orders FROM product_change c
        WHERE NOT EXISTS (SELECT 1 FROM product_before_month p
                          WHERE p.month = c.month AND p.sku_id = c.sku_id AND p.currency_code IS NOT DISTINCT FROM c.currency_code);
        DO $$
        DECLARE
            checkpoint date;
            last date;
        BEGIN
            SELECT (date_trunc('month', max(day)) + interval '1 month')::date INTO last FROM product_day;
            SELECT max(month) INTO checkpoint FROM product_checkpoint;
            IF checkpoint IS NULL THEN
                -- The first checkpoint is the first month with sales: nothing was sold before it.
                SELECT date_trunc('month', min(day))::date INTO checkpoint FROM product_day;
                IF checkpoint IS NULL THEN
                    RETURN;
                END IF;
                INSERT INTO product_checkpoint VALUES (checkpoint);
            END IF;
            WHILE checkpoint < last LOOP
                INSERT INTO product_before_month (month, sku_id, currency_code, product_id, name, units, revenue, orders)
                SELECT (checkpoint + interval '1 month')::date, sku_id, currency_code, max(product_id), max(name), sum(units), sum(revenue), sum(orders)
                FROM (
                    SELECT sku_id, currency_code, product_id, name, units, revenue, orders FROM product_before_month WHERE month = checkpoint
                    UNION ALL
                    SELECT sku_id, currency_code, product_id, name, units, revenue, orders FROM product_day
                    WHERE day >= checkpoint AND day < checkpoint + interval '1 month'
                ) x
                GROUP BY sku_id, currency_code;
                checkpoint := (checkpoint + interval '1 month')::date;
                INSERT INTO product_checkpoint VALUES (checkpoint);
            END LOOP;
        END
        $$;
        """;

    /// <summary>Orders whose open-order or group rows in the store differ from the replica's, either way (run after copying both whole).</summary>
    private const string DriftedSql = """
        (SELECT order_id FROM open_order EXCEPT SELECT order_id FROM replica_open_order)
        UNION
        (SELECT order_id FROM replica_open_order EXCEPT SELECT order_id FROM open_order)
        UNION
        SELECT order_id FROM (
            (SELECT fulfillment_group_id, order_id, status, type FROM delivery_group
             EXCEPT SELECT fulfillment_group_id, order_id, status, type FROM replica_delivery_group)
            UNION
            (SELECT fulfillment_group_id, order_id, status, type FROM replica_delivery_group
             EXCEPT SELECT fulfillment_group_id, order_id, status, type FROM delivery_group)
        ) g
        """;

    private sealed record StoreFacts(string Table, string Columns, NpgsqlDbType[] Types, string Sql);

    /// <summary>Catches up once; null when another instance holds the sync lock.</summary>
    public async Task<ReportingStoreSyncResult?> SyncAsync(CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        var startedAt = clock.GetUtcNow();
        if (!_schemaReady)
        {
            _schemaReady = await EnsureSchemaAsync(ct);
            if (!_schemaReady)
            {
                return null;
            }
        }

        await using var connection = await store.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (!await TryLockAsync(connection, ct))
        {
            return null;
        }

        var watermark = await ScalarAsync(connection, "SELECT watermark FROM sales_rollup_state WHERE id = 1", ct) as DateTime?;
        var reconciledAt = await ScalarAsync(connection, "SELECT reconciled_at FROM sales_rollup_state WHERE id = 1", ct) as DateTime?;
        var reconcile = watermark is not null
            && (reconciledAt is null || startedAt - new DateTimeOffset(reconciledAt.Value, TimeSpan.Zero) >= options.Value.RollupReconcile);
        long[]? changed = null;
        if (watermark is { } seen)
        {
            var ids = await ChangedOrdersAsync(connection, seen - options.Value.RollupOverlap, ct);
            if (reconcile)
            {
                ids.UnionWith(await DriftedOrdersAsync(connection, ct));
            }

            changed = [.. ids];
        }

        var orders = changed is { Length: 0 } ? 0 : await LoadAsync(connection, changed, ct);

        await ExecuteAsync(connection, "UPDATE sales_rollup_state SET synced_at = $1 WHERE id = 1", ct, startedAt);
        if (reconcile || watermark is null)
        {
            await ExecuteAsync(connection, "UPDATE sales_rollup_state SET reconciled_at = $1 WHERE id = 1", ct, startedAt);
        }

        await transaction.CommitAsync(ct);
        return new ReportingStoreSyncResult(orders, FullLoad: changed is null, reconcile, clock.GetElapsedTime(started));
    }

    /// <summary>
    /// Creates the store's tables in a transaction of its own, committed before a first load that can take minutes:
    /// meanwhile the state table exists and says "not loaded yet". False when another instance holds the sync lock.
    /// </summary>
    private async Task<bool> EnsureSchemaAsync(CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (!await TryLockAsync(connection, ct))
        {
            return false;
        }

        await ExecuteAsync(connection, ReportingStore.Schema, ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>The sync lock for the current transaction; false when another instance holds it.</summary>
    private async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken ct) =>
        await ScalarAsync(connection, "SELECT pg_try_advisory_xact_lock($1)", ct, LockKey) is true;

    /// <summary>Orders updated since <paramref name="since"/> whose <c>date_updated</c> the store does not have yet.</summary>
    private async Task<HashSet<long>> ChangedOrdersAsync(NpgsqlConnection connection, DateTime since, CancellationToken ct)
    {
        var candidates = new Dictionary<long, DateTime>();
        await using (var command = replica.CreateCommand(CandidatesSql))
        {
            command.CommandTimeout = options.Value.RollupSyncTimeout.WholeSeconds();
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = since });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                candidates[reader.GetInt64(0)] = reader.GetDateTime(1);
            }
        }

        const string Stored = """
            SELECT order_id, source_updated FROM sales_order WHERE order_id = ANY($1)
            UNION ALL SELECT order_id, source_updated FROM open_order WHERE order_id = ANY($1)
            """;
        await using (var command = new NpgsqlCommand(Stored, connection))
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

    /// <summary>Orders whose change left no timestamp: purged carts, and groups whose status or type an OMS set.</summary>
    private async Task<long[]> DriftedOrdersAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await CopyAsync(connection, OpenOrders, null, "replica_open_order", ct);
        await CopyAsync(connection, Groups, null, "replica_delivery_group", ct);
        await using var command = new NpgsqlCommand(DriftedSql, connection) { CommandTimeout = options.Value.RollupSyncTimeout.WholeSeconds() };
        var drifted = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            drifted.Add(reader.GetInt64(0));
        }

        return [.. drifted];
    }

    /// <summary>Streams the orders (every one when <paramref name="orderIds"/> is null) from the replica into the store.</summary>
    private async Task<int> LoadAsync(NpgsqlConnection connection, long[]? orderIds, CancellationToken ct)
    {
        await ExecuteAsync(connection, "CREATE TEMP TABLE reloaded (order_id bigint PRIMARY KEY) ON COMMIT DROP", ct);
        await ExecuteAsync(connection, "INSERT INTO reloaded SELECT unnest($1::bigint[])", ct, orderIds ?? []);
        var orders = 0;
        foreach (var facts in Facts)
        {
            var rows = await CopyAsync(connection, facts, orderIds, $"incoming_{facts.Table}", ct);
            orders += facts == Orders || facts == OpenOrders ? rows : 0;
        }

        await ExecuteAsync(connection, MergeSql, ct);
        return orders;
    }

    /// <summary>Copies the facts of the orders (all when <paramref name="orderIds"/> is null) into a new temporary table shaped like their store table.</summary>
    private async Task<int> CopyAsync(NpgsqlConnection connection, StoreFacts facts, long[]? orderIds, string into, CancellationToken ct)
    {
        await ExecuteAsync(connection, $"CREATE TEMP TABLE {into} ON COMMIT DROP AS SELECT {facts.Columns} FROM {facts.Table} WITH NO DATA", ct);
        var rows = 0;
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {into} ({facts.Columns}) FROM STDIN (FORMAT BINARY)", ct);
        await using var command = replica.CreateCommand(facts.Sql);
        command.CommandTimeout = options.Value.RollupSyncTimeout.WholeSeconds();
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
        var command = new NpgsqlCommand(sql, connection) { CommandTimeout = options.Value.RollupSyncTimeout.WholeSeconds() };
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
