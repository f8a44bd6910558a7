using Npgsql;

namespace Reporting.Api.Rollups;

/// <summary>
/// The platform's own store (database <c>reporting</c>) of what every report over a date range reads: Broadleaf has no
/// index on <c>submit_date</c> and a replica takes none, so a million-order replica cannot answer a date range fast.
/// <list type="bullet">
/// <item>Facts, one row per replica row, indexed by time: <c>sales_order</c> (checked-out orders with their amounts, all
/// their discounts, and per customer the first counted order and the previous one in the same currency),
/// <c>open_order</c> (orders without a submit time: carts, wishlists, quotes, by creation time), <c>sales_item</c>,
/// <c>sales_redemption</c> (offer audits, each with that offer's discounts on the order and the customer's previous
/// redemption of it) and <c>delivery_group</c> (fulfillment groups). Items, audits and groups carry what reports
/// filter on, so that no report joins.</item>
/// <item>Sums per store-local day (<c>*_day</c>) for the reports that total a period, and per quarter hour
/// (<c>sales_quarter_hour</c>) and hour (<c>sales_hour</c>) for the sales series: every report timezone's day
/// boundaries fall on quarter hours of store time (all current UTC offsets are whole quarter hours), most on whole hours. A period reads the sums of the whole store days it
/// covers and the facts of the partial days at its ends (<see cref="Reports.ReportPeriod"/>), so a report over sums
/// equals one over rows. Top products over a long period, which every SKU sells in, reads month checkpoints of running
/// product sums (<c>product_before_month</c>) instead of every day's.</item>
/// </list>
/// </summary>
public static class ReportingStore
{
    /// <summary>The connection name, and the key of its <c>NpgsqlDataSource</c>.</summary>
    public const string Name = "reporting";

    /// <summary>Bumped whenever the tables change: a store of another version is dropped and loaded again (it is derived data).</summary>
    private const string Version = "4";

    public const string Schema = $$"""
        CREATE TABLE IF NOT EXISTS sales_rollup_version (version integer NOT NULL);
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM sales_rollup_version WHERE version = {{Version}}) THEN
                DROP TABLE IF EXISTS sales_order, open_order, sales_item, sales_redemption, delivery_group, sales_quarter_hour, sales_hour,
                    order_status_day, delivery_day, product_day, product_checkpoint, product_before_month, redemption_day, code_day,
                    customer_first_day, customer_previous_day,
                    sales_rollup_state;
                DELETE FROM sales_rollup_version;
                INSERT INTO sales_rollup_version VALUES ({{Version}});
            END IF;
        END
        $$;
        CREATE TABLE IF NOT EXISTS sales_order (
            order_id bigint PRIMARY KEY,
            customer_id bigint,
            order_status varchar(255),
            currency_code varchar(255),
            cancelled boolean NOT NULL,
            submit_date timestamp NOT NULL,
            bucket timestamp GENERATED ALWAYS AS (date_bin('15 minutes', submit_date, timestamp '2000-01-01')) STORED,
            source_updated timestamp,
            order_total numeric(19,5),
            order_subtotal numeric(19,5),
            total_tax numeric(19,5),
            total_shipping numeric(19,5),
            discounts numeric(19,5) NOT NULL,
            -- Of counted (not cancelled) orders only: the customer's first one, and their previous one in this currency.
            first_submit timestamp,
            previous_in_currency timestamp
        );
        CREATE INDEX IF NOT EXISTS sales_order_bucket_index ON sales_order (bucket);
        CREATE INDEX IF NOT EXISTS sales_order_submit_index ON sales_order (submit_date);
        CREATE INDEX IF NOT EXISTS sales_order_customer_index ON sales_order (customer_id);
        -- Index-only reads of the customers report's boundary month (see customer_first_day).
        CREATE INDEX IF NOT EXISTS sales_order_first_index ON sales_order (first_submit)
            INCLUDE (submit_date, cancelled, currency_code, order_total, previous_in_currency);
        CREATE INDEX IF NOT EXISTS sales_order_previous_index ON sales_order (previous_in_currency)
            INCLUDE (submit_date, cancelled, currency_code);
        CREATE TABLE IF NOT EXISTS open_order (
            order_id bigint PRIMARY KEY,
            order_status varchar(255),
            currency_code varchar(255),
            date_created timestamp,
            source_updated timestamp,
            order_subtotal numeric(19,5),
            order_total numeric(19,5)
        );
        CREATE INDEX IF NOT EXISTS open_order_created_index ON open_order (date_created);
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
            order_total numeric(19,5),
            -- Of counted redemptions only: this customer's previous counted redemption of this offer.
            previous_redeemed timestamp
        );
        CREATE INDEX IF NOT EXISTS sales_redemption_order_index ON sales_redemption (order_id);
        CREATE INDEX IF NOT EXISTS sales_redemption_redeemed_index ON sales_redemption (redeemed_date);
        CREATE INDEX IF NOT EXISTS sales_redemption_customer_index ON sales_redemption (offer_id, customer_id);
        CREATE TABLE IF NOT EXISTS delivery_group (
            fulfillment_group_id bigint PRIMARY KEY,
            order_id bigint NOT NULL,
            submit_date timestamp NOT NULL,
            status varchar(255),
            type varchar(255)
        );
        CREATE INDEX IF NOT EXISTS delivery_group_order_index ON delivery_group (order_id);
        CREATE INDEX IF NOT EXISTS delivery_group_submit_index ON delivery_group (submit_date);
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
        -- The same per hour: a quarter of the rows, for report timezones whose midnights fall on whole store hours.
        CREATE TABLE IF NOT EXISTS sales_hour (LIKE sales_quarter_hour);
        CREATE INDEX IF NOT EXISTS sales_hour_bucket_index ON sales_hour (bucket);
        CREATE TABLE IF NOT EXISTS order_status_day (
            day date NOT NULL,
            order_status varchar(255),
            currency_code varchar(255),
            orders bigint NOT NULL,
            order_subtotal numeric NOT NULL,
            order_total numeric NOT NULL
        );
        CREATE INDEX IF NOT EXISTS order_status_day_index ON order_status_day (day);
        CREATE TABLE IF NOT EXISTS delivery_day (
            day date NOT NULL,
            status varchar(255),
            type varchar(255),
            groups bigint NOT NULL
        );
        CREATE INDEX IF NOT EXISTS delivery_day_index ON delivery_day (day);
        CREATE TABLE IF NOT EXISTS product_day (
            day date NOT NULL,
            sku_id bigint NOT NULL,
            currency_code varchar(255),
            product_id bigint,
            name varchar(255),
            units bigint NOT NULL,
            revenue numeric NOT NULL,
            orders bigint NOT NULL
        );
        CREATE INDEX IF NOT EXISTS product_day_index ON product_day (day);
        -- Per SKU and currency, the product sums of every day before a month's first day: a long period is the
        -- difference of two checkpoints, corrected by the day sums between each end and its nearest checkpoint.
        CREATE TABLE IF NOT EXISTS product_checkpoint (month date PRIMARY KEY);
        CREATE TABLE IF NOT EXISTS product_before_month (
            month date NOT NULL,
            sku_id bigint NOT NULL,
            currency_code varchar(255),
            product_id bigint,
            name varchar(255),
            units bigint NOT NULL,
            revenue numeric NOT NULL,
            orders bigint NOT NULL
        );
        CREATE INDEX IF NOT EXISTS product_before_month_index ON product_before_month (month, sku_id);
        CREATE TABLE IF NOT EXISTS redemption_day (
            day date NOT NULL,
            offer_id bigint,
            currency_code varchar(255),
            redemptions bigint NOT NULL,
            discounts numeric NOT NULL,
            order_total numeric NOT NULL
        );
        CREATE INDEX IF NOT EXISTS redemption_day_index ON redemption_day (day);
        -- Code uses per redemption day; an audit without a redeemed_date counts to date under -infinity.
        CREATE TABLE IF NOT EXISTS code_day (
            day date NOT NULL,
            offer_code_id bigint NOT NULL,
            uses bigint NOT NULL
        );
        CREATE INDEX IF NOT EXISTS code_day_index ON code_day (day);
        -- Counted orders per day and month of their customer's first order (with those that are the customer's first in
        -- their currency), and per day and month of the customer's previous order in that currency (null: none). A
        -- period counts new and distinct customers from these, and only the orders whose first or previous order falls
        -- in the period's first month before its start from sales_order.
        CREATE TABLE IF NOT EXISTS customer_first_day (
            day date NOT NULL,
            currency_code varchar(255),
            first_month date,
            orders bigint NOT NULL,
            revenue numeric NOT NULL,
            first_in_currency bigint NOT NULL
        );
        CREATE INDEX IF NOT EXISTS customer_first_day_index ON customer_first_day (day);
        CREATE TABLE IF NOT EXISTS customer_previous_day (
            day date NOT NULL,
            currency_code varchar(255),
            previous_month date,
            orders bigint NOT NULL
        );
        CREATE INDEX IF NOT EXISTS customer_previous_day_index ON customer_previous_day (day);
        CREATE TABLE IF NOT EXISTS sales_rollup_state (
            id integer PRIMARY KEY CHECK (id = 1),
            watermark timestamp,
            synced_at timestamptz,
            reconciled_at timestamptz
        );
        INSERT INTO sales_rollup_state (id) VALUES (1) ON CONFLICT DO NOTHING;
        """;

    /// <summary>
    /// The sales sums that split store-local time exactly at these bounds (all on quarter hours, see above): the hour
    /// sums when every bound is a whole hour, else the quarter-hour sums.
    /// </summary>
    public static string SalesSumsSplitAt(IEnumerable<DateTime> bounds) => bounds.All(b => b.Minute == 0) ? "sales_hour" : "sales_quarter_hour";

    /// <summary>Whether the state table has been seen: until then each read first asks whether it exists.</summary>
    private static volatile bool s_stateTableSeen;

    /// <summary>
    /// When the store last caught up with the replica; null until the first sync has loaded them. Before the sync has
    /// created the tables this asks whether they exist rather than reading a missing table, so that a service starting
    /// on an empty database makes PostgreSQL log no error.
    /// </summary>
    public static async Task<DateTimeOffset?> ReadSyncedAtAsync(NpgsqlDataSource store, CancellationToken ct)
    {
        if (!s_stateTableSeen)
        {
            await using var exists = store.CreateCommand("SELECT to_regclass('sales_rollup_state') IS NOT NULL");
            if (await exists.ExecuteScalarAsync(ct) is not true)
            {
                return null;
            }

            s_stateTableSeen = true;
        }

        await using var command = store.CreateCommand("SELECT synced_at FROM sales_rollup_state WHERE id = 1");
        try
        {
            return await command.ExecuteScalarAsync(ct) is DateTime syncedAt ? new DateTimeOffset(syncedAt, TimeSpan.Zero) : null;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // The database was replaced since (a restored or recreated store).
            s_stateTableSeen = false;
            return null;
        }
    }
}
