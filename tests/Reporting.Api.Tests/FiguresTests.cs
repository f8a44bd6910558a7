using System.Text;
using Microsoft.AspNetCore.Http;
using Reporting.Api.Apis;
using Reporting.Api.Reports;

namespace Reporting.Api.Tests;

public sealed class FiguresTests
{
    [Theory]
    [InlineData(150, 100, 50, 50.0)]
    [InlineData(0, 100, -100, -100.0)]
    [InlineData(1, 3, -2, -66.67)]
    public void AChangeIsTheDifferenceAndThePercentOfTheBase(decimal current, decimal previous, decimal absolute, double percent) =>
        Assert.Equal(new FigureChange(current, previous, absolute, (decimal)percent), FigureChange.Of(current, previous));

    [Fact]
    public void AZeroBaseHasNoPercent() => Assert.Null(FigureChange.Of(5, 0).Percent);

    private static InventoryRow Sku(string? type, int? quantity) => new(1, "Tee", 1, "Tee", 1, "Apparel", type, quantity, 10m, null);

    [Fact]
    public void CoverIsStockOverTheDailyRate()
    {
        var row = Sku("CHECK_QUANTITY", 12).WithSales(unitsSold: 9, days: 30);

        Assert.Equal((9L, 0.3m, 40.0m, 0.4286m), (row.UnitsSold, row.DailySellRate, row.DaysOfCover, row.SellThroughRate));
    }

    [Fact]
    public void ASkuThatSoldNothingHasNoCoverAndNoSellThrough()
    {
        var row = Sku("CHECK_QUANTITY", 12).WithSales(unitsSold: 0, days: 30);

        Assert.Equal((0L, 0m, (decimal?)null, 0m), (row.UnitsSold, row.DailySellRate, row.DaysOfCover, row.SellThroughRate));
        Assert.Null(Sku("CHECK_QUANTITY", 0).WithSales(0, 30).SellThroughRate);
    }

    [Fact]
    public void OutOfStockIsZeroDaysAndUntrackedStockHasNoCover()
    {
        Assert.Equal(0m, Sku("CHECK_QUANTITY", -2).WithSales(4, 30).DaysOfCover);
        Assert.Equal(1m, Sku("CHECK_QUANTITY", -2).WithSales(4, 30).SellThroughRate);
        var untracked = Sku("ALWAYS_AVAILABLE", 50).WithSales(4, 30);
        Assert.Equal((0.1333m, (decimal?)null, (decimal?)null), (untracked.DailySellRate, untracked.DaysOfCover, untracked.SellThroughRate));
    }

    [Fact]
    public async Task CsvSpreadsANestedChangeIntoColumnsAndGuardsAgainstFormulas()
    {
        var rows = new[]
        {
            new TopProductRow(7, 3, "=HYPERLINK(\"x\")", "USD", 2, 20m, 1, new TopProductChange(FigureChange.Of(2, 1), FigureChange.Of(20, 0), FigureChange.Of(1, 1))),
            new TopProductRow(8, null, "Mug, blue", "EUR", 1, 5.5m, 1),
        };
        var context = new DefaultHttpContext { Response = { Body = new MemoryStream() } };

        await new CsvResult<TopProductRow>(rows).ExecuteAsync(context);

        var lines = Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()).Split("\r\n");
        Assert.Equal("skuId,productId,name,currency,units,revenue,orders,change.units.current,change.units.previous,change.units.absolute,change.units.percent," +
            "change.revenue.current,change.revenue.previous,change.revenue.absolute,change.revenue.percent," +
            "change.orders.current,change.orders.previous,change.orders.absolute,change.orders.percent", lines[0]);
        Assert.Equal("7,3,\"'=HYPERLINK(\"\"x\"\")\",USD,2,20,1,2,1,1,100,20,0,20,,1,1,0,0", lines[1]);
        Assert.Equal("8,,\"Mug, blue\",EUR,1,5.5,1,,,,,,,,,,,,", lines[2]);
    }
}
