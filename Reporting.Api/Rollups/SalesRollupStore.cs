using Npgsql;

namespace Reporting.Api.Rollups;

/// <summary>
/// The platform's own store (database <c>reporting</c>) of what the sales, top-products and campaign reports read:
/// Broadleaf has no index on <c>submit_date</c> and a replica takes none, so a million-order replica cannot answer a
/// date range fast. Per checked-out order: <c>sales_order</c> (amounts and all its discounts), <c>sales_item</c> (its
/// discrete items) and <c>sales_redemption</c> (its offer audit rows, each with that offer's discounts on the order),
/// indexed by date; items and audits carry their order's status, currency and total so that reports need no join. <c>sales_quarter_hour</c> sums orders per quarter hour of store-local submit time, which every
/// report timezone's day boundaries fall on (all current UTC offsets are whole quarter hours), so a report over
/// quarter hours equals one over orders.
/// </summary>
public static class SalesRollupStore
{
    /// <summary>The connection name, and the key of its <c>NpgsqlDataSource</c>.</summary>
    public const string Name = "reporting";

    /// <summary>Bumped whenever the tables change: a store of another version is dropped and loaded again (it is derived data).</summary>
    private const string Version = "2";

    public const string Schema = $$"""
        CREATE TABLE IF NOT EXISTS sales_rollup_version (version integer NOT NULL);
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM sales_rollup_version WHERE version = {{Version}}) THEN
                DROP TABLE IF EXISTS sales_order, sales_item, sales_redemption, sales_quarter_hour, sales_rollup_state;
                DELETE FROM sales_rollup_version;
                INSERT INTO sales_rollup_version VALUES ({{Version}});
            END IF;
        END
        $$;
        CREATE TABLE IF NOT EXISTS sales_order (
            order_id bigint PRIMARY KEY,
            currency_code varchar(255),
            cancelled boolean NOT NULL,
            submit_date timestamp NOT NULL,
            bucket timestamp GENERATED ALWAYS AS (date_bin('15 minutes', submit_date, timestamp '2000-01-01')) STORED,
            source_updated timestamp,
            order_total numeric(19,5),
            order_subtotal numeric(19,5),
            total_tax numeric(19,5),
            total_shipping numeric(19,5),
            discounts numeric(19,5) NOT NULL
        );
        CREATE INDEX IF NOT EXISTS sales_order_bucket_index ON sales_order (bucket);
        CREATE TABLE IF NOT EXISTS sales_item (
            order_item_id bigint PRIMARY KEY,
            order_id bigint NOT NULL,
            submit_date timestamp NOT NULL,
            cancelled boolean NOT NULL,
            currency_code varchar(255),
            sku_id bigint NOT NULL,
            product_id bigint,
            name varchar(255),
            quantity integer NOT NULL,
            price numeric(19,5)
        );
        CREATE INDEX IF NOT EXISTS sales_item_order_index ON sales_item (order_id);
        CREATE INDEX IF NOT EXISTS sales_item_submit_index ON sales_item (submit_date);
        CREATE TABLE IF NOT EXISTS sales_redemption (
            offer_audit_id bigint PRIMARY KEY,
            order_id bigint NOT NULL,
            offer_id bigint,
            offer_code_id bigint,
            customer_id bigint,
            redeemed_date timestamp,
            discounts numeric(19,5) NOT NULL,
            cancelled boolean NOT NULL,
            currency_code varchar(255),
            order_total numeric(19,5)
        );
        CREATE INDEX IF NOT EXISTS sales_redemption_order_index ON sales_redemption (order_id);
        CREATE INDEX IF NOT EXISTS sales_redemption_redeemed_index ON sales_redemption (redeemed_date);
        CREATE TABLE IF NOT EXISTS sales_quarter_hour (
            bucket timestamp NOT NULL,
            currency_code varchar(255),
            cancelled boolean NOT NULL,
            orders bigint NOT NULL,
            order_total numeric NOT NULL,
            order_subtotal numeric NOT NULL,
            total_tax numeric NOT NULL,
            total_shipping numeric NOT NULL,
            discounts numeric NOT NULL
        );
        CREATE INDEX IF NOT EXISTS sales_quarter_hour_bucket_index ON sales_quarter_hour (bucket);
        CREATE TABLE IF NOT EXISTS sales_rollup_state (
            id integer PRIMARY KEY CHECK (id = 1),
            watermark timestamp,
            synced_at timestamptz
        );
        INSERT INTO sales_rollup_state (id) VALUES (1) ON CONFLICT DO NOTHING;
        """;

    /// <summary>When the store last caught up with the replica; null until the first sync has loaded them.</summary>
    public static async Task<DateTimeOffset?> ReadSyncedAtAsync(NpgsqlDataSource store, CancellationToken ct)
    {
        await using var command = store.CreateCommand("SELECT synced_at FROM sales_rollup_state WHERE id = 1");
        try
        {
            return await command.ExecuteScalarAsync(ct) is DateTime syncedAt ? new DateTimeOffset(syncedAt, TimeSpan.Zero) : null;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null;
        }
    }
}
