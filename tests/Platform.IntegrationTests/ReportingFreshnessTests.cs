using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Platform.IntegrationTests;

/// <summary>
/// Changes on the replica reach the reports read from the reporting store: those Broadleaf stamps with
/// <c>date_updated</c> within a sync, and those it does not (a purged cart, a group status an OMS sets) within a
/// reconciliation (every 5 s under test).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ReportingFreshnessTests(PlatformFixture platform)
{
    private const string Store = "America/Chicago";
    [Fact]
    public async Task ACartCheckedOutMovesOrderStatusAndDeliveryAndBackWhenUndone()
    {
        await using var owner = await platform.OpenReplicaAsOwnerAsync();
        var (orderId, currency, created, groups) = (await owner.QueryAsync("""
            SELECT o.order_id, o.currency_code, o.date_created, count(g.fulfillment_group_id)
            FROM blc_order o JOIN blc_fulfillment_group g ON g.order_id = o.order_id
            WHERE o.order_status = 'IN_PROCESS' GROUP BY o.order_id ORDER BY o.order_id LIMIT 1
            """, r => (r.GetInt64(0), r.GetString(1), DateOnly.FromDateTime(r.GetDateTime(2)), r.GetInt64(3)))).Single();
        // Checked out on a fixed day of the history (Broadleaf would write the time of checkout): the day's counts are known before.
        var checkout = new DateTime(2026, 6, 15, 12, 0, 0);
        var day = DateOnly.FromDateTime(checkout);
        using var http = platform.CreateReportingClient(platform.AdminToken());
        var cartsBefore = await OrdersAsync(http, created, "IN_PROCESS", currency);
        var submittedBefore = await OrdersAsync(http, day, "SUBMITTED", currency);
        var groupsBefore = await GroupsAsync(http, day);

        try
        {
            await owner.ExecuteAsync($"""
                UPDATE blc_order SET order_status = 'SUBMITTED', submit_date = '{checkout:yyyy-MM-dd HH:mm:ss}', date_updated = now() AT TIME ZONE '{Store}'
                WHERE order_id = {orderId}
                """);

            await Eventually.TrueAsync(async () => await OrdersAsync(http, day, "SUBMITTED", currency) == submittedBefore + 1, "the order counted as submitted on its checkout day");
            Assert.Equal(cartsBefore - 1, await OrdersAsync(http, created, "IN_PROCESS", currency));
            Assert.Equal(groupsBefore + groups, await GroupsAsync(http, day));
        }
        finally
        {
            await owner.ExecuteAsync($"""
                UPDATE blc_order SET order_status = 'IN_PROCESS', submit_date = NULL, date_updated = now() AT TIME ZONE '{Store}' WHERE order_id = {orderId}
                """);
            await Eventually.TrueAsync(async () => await OrdersAsync(http, created, "IN_PROCESS", currency) == cartsBefore, "the cart back");
            Assert.Equal(submittedBefore, await OrdersAsync(http, day, "SUBMITTED", currency));
            Assert.Equal(groupsBefore, await GroupsAsync(http, day));
        }
    }

    [Fact]
    public async Task ACancellationMovesTheOrderBetweenStatuses()
    {
        await using var owner = await platform.OpenReplicaAsOwnerAsync();
        var (orderId, currency, day) = (await owner.QueryAsync(
            "SELECT order_id, currency_code, submit_date FROM blc_order WHERE order_status = 'SUBMITTED' ORDER BY order_id DESC LIMIT 1",
            r => (r.GetInt64(0), r.GetString(1), DateOnly.FromDateTime(r.GetDateTime(2))))).Single();
        var units = (await owner.QueryAsync(
            $"SELECT coalesce(sum(i.quantity), 0) FROM blc_order_item i JOIN blc_discrete_order_item d ON d.order_item_id = i.order_item_id WHERE i.order_id = {orderId}",
            r => r.GetInt64(0))).Single();
        using var http = platform.CreateReportingClient(platform.AdminToken());
        var (submitted, cancelled) = (await OrdersAsync(http, day, "SUBMITTED", currency), await OrdersAsync(http, day, "CANCELLED", currency));
        var sold = await UnitsOverTheHistoryAsync(http, currency);

        try
        {
            await SetStatusAsync(owner, orderId, "CANCELLED");
            await Eventually.TrueAsync(async () => await OrdersAsync(http, day, "CANCELLED", currency) == cancelled + 1, "the order counted as cancelled");
            Assert.Equal(submitted - 1, await OrdersAsync(http, day, "SUBMITTED", currency));
            // Two years of top products read the month checkpoints: the cancellation is taken out of every later one.
            Assert.Equal(sold - units, await UnitsOverTheHistoryAsync(http, currency));
        }
        finally
        {
            await SetStatusAsync(owner, orderId, "SUBMITTED");
            await Eventually.TrueAsync(async () => await OrdersAsync(http, day, "SUBMITTED", currency) == submitted, "the order submitted again");
            Assert.Equal(sold, await UnitsOverTheHistoryAsync(http, currency));
        }
    }

    private static async Task<long> UnitsOverTheHistoryAsync(HttpClient http, string currency)
    {
        var report = await http.GetFromJsonAsync<JsonElement>(
            $"/api/reports/sales/top-products?startDate=2024-11-01&endDate=2026-10-31&timezone={Store}&currency={currency}&pageSize=500");
        Assert.True(report.GetProperty("totalCount").GetInt64() <= 500);
        return report.GetProperty("items").EnumerateArray().Sum(r => r.GetProperty("units").GetInt64());
    }

    [Fact]
    public async Task AGroupStatusSetWithoutSavingTheOrderAndAPurgedCartShowAfterAReconciliation()
    {
        await using var owner = await platform.OpenReplicaAsOwnerAsync();
        var (groupId, status, day) = (await owner.QueryAsync("""
            SELECT g.fulfillment_group_id, g.status, o.submit_date FROM blc_fulfillment_group g JOIN blc_order o ON o.order_id = g.order_id
            WHERE o.submit_date IS NOT NULL AND g.status IS NULL ORDER BY g.fulfillment_group_id LIMIT 1
            """, r => (r.GetInt64(0), r.IsDBNull(1) ? null : r.GetString(1), DateOnly.FromDateTime(r.GetDateTime(2))))).Single();
        var (cartId, currency, created) = (await owner.QueryAsync(
            "SELECT order_id, currency_code, date_created FROM blc_order WHERE order_status = 'IN_PROCESS' ORDER BY order_id DESC LIMIT 1",
            r => (r.GetInt64(0), r.GetString(1), DateOnly.FromDateTime(r.GetDateTime(2))))).Single();
        using var http = platform.CreateReportingClient(platform.AdminToken());
        var delivered = await DeliveredAsync(http, day);
        var carts = await OrdersAsync(http, created, "IN_PROCESS", currency);
        await owner.ExecuteAsync($"CREATE TEMP TABLE purged AS SELECT * FROM blc_order WHERE order_id = {cartId}");

        try
        {
            // Neither change touches blc_order.date_updated: only the reconciliation can see them.
            await owner.ExecuteAsync($"UPDATE blc_fulfillment_group SET status = 'DELIVERED' WHERE fulfillment_group_id = {groupId}");
            await owner.ExecuteAsync($"DELETE FROM blc_order WHERE order_id = {cartId}");

            await Eventually.TrueAsync(async () => await DeliveredAsync(http, day) == delivered + 1, "the group counted as delivered");
            await Eventually.TrueAsync(async () => await OrdersAsync(http, created, "IN_PROCESS", currency) == carts - 1, "the purged cart gone");
        }
        finally
        {
            await owner.ExecuteAsync($"UPDATE blc_fulfillment_group SET status = {(status is null ? "NULL" : $"'{status}'")} WHERE fulfillment_group_id = {groupId}");
            await owner.ExecuteAsync("INSERT INTO blc_order SELECT * FROM purged");
            await Eventually.TrueAsync(async () => await DeliveredAsync(http, day) == delivered, "the group's status back");
            await Eventually.TrueAsync(async () => await OrdersAsync(http, created, "IN_PROCESS", currency) == carts, "the cart back");
        }
    }

    private static async Task SetStatusAsync(NpgsqlConnection owner, long orderId, string status) => await owner.ExecuteAsync(
        $"UPDATE blc_order SET order_status = '{status}', date_updated = now() AT TIME ZONE '{Store}' WHERE order_id = {orderId}");

    /// <summary>Orders of one status and currency on one store day.</summary>
    private static async Task<long> OrdersAsync(HttpClient http, DateOnly day, string status, string currency)
    {
        var report = await http.GetFromJsonAsync<JsonElement>($"/api/reports/orders/status?startDate={day:yyyy-MM-dd}&endDate={day:yyyy-MM-dd}&timezone={Store}");
        return report.GetProperty("items").EnumerateArray()
            .Where(r => r.GetProperty("status").GetString() == status && r.GetProperty("currency").GetString() == currency)
            .Sum(r => r.GetProperty("orders").GetInt64());
    }

    private static async Task<long> GroupsAsync(HttpClient http, DateOnly day) =>
        (await DeliveryAsync(http, day)).GetProperty("totalGroups").GetInt64();

    private static async Task<long> DeliveredAsync(HttpClient http, DateOnly day) =>
        (await DeliveryAsync(http, day)).GetProperty("byStatus").EnumerateArray()
            .Where(r => r.GetProperty("label").GetString() == "DELIVERED").Sum(r => r.GetProperty("groups").GetInt64());

    private static Task<JsonElement> DeliveryAsync(HttpClient http, DateOnly day) =>
        http.GetFromJsonAsync<JsonElement>($"/api/reports/delivery?startDate={day:yyyy-MM-dd}&endDate={day:yyyy-MM-dd}&timezone={Store}");
}
