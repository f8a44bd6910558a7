using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServiceDefaults.Http;
using ServiceDefaults.OpenApi;

namespace ServiceDefaults.Tests;

public sealed class QueryValueTests
{
    [Theory]
    [InlineData(null, 7)]
    [InlineData("", 7)]
    [InlineData("  ", 7)]
    [InlineData("12", 12)]
    [InlineData(" 12 ", 12)]
    public void AWholeNumberIsReadAndAnAbsentOneFallsBack(string? text, int expected)
    {
        var errors = new Dictionary<string, string[]>();

        Assert.Equal(expected, Value<int>(text).Read("page", errors, fallback: 7));
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("two", "page", "'two' is not a whole number.")]
    [InlineData("2.5", "page", "'2.5' is not a whole number.")]
    [InlineData("0", "page", "page must be from 1 to 500.")]
    [InlineData("501", "page", "page must be from 1 to 500.")]
    public void ABadWholeNumberIsNamedWithWhatIsExpected(string text, string name, string message)
    {
        var errors = new Dictionary<string, string[]>();

        Assert.Null(Value<int>(text).Read(name, errors, fallback: 1, min: 1, max: 500));
        Assert.Equal([message], errors[name]);
    }

    [Theory]
    [InlineData("19.99", 19.99, null)]
    [InlineData("1,5", null, "'1,5' is not a number such as 19.99.")]
    [InlineData("1e3", null, "'1e3' is not a number such as 19.99.")]
    [InlineData("-1", null, "minPrice must be 0 or more.")]
    public void APriceHasNoThousandsSeparatorAndNoExponent(string text, double? expected, string? message)
    {
        var errors = new Dictionary<string, string[]>();

        Assert.Equal((decimal?)expected, Value<decimal>(text).Read("minPrice", errors, min: 0m));
        Assert.Equal(message is null ? [] : [message], errors.GetValueOrDefault("minPrice") ?? []);
    }

    [Theory]
    [InlineData("2026-12-01T10:00:00", 0)]
    [InlineData("2026-12-01T10:00:00Z", 0)]
    [InlineData("2026-12-01T10:00:00+01:00", 1)]
    public void ATimeWithoutAnOffsetIsUtc(string text, int offsetHours)
    {
        var time = Value<DateTimeOffset>(text).Read("from", []);

        Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(offsetHours)), time);
        Assert.Equal(TimeSpan.FromHours(offsetHours), time!.Value.Offset);
    }

    [Fact]
    public void EveryBadValueOfARequestIsNamedAtOnce()
    {
        var errors = new Dictionary<string, string[]>();

        Value<int>("x").Read("page", errors);
        Value<long>("y").Read("categoryId", errors);
        Value<DateTimeOffset>("yesterday").Read("from", errors);

        Assert.Equal(["categoryId", "from", "page"], errors.Keys.Order());
    }

    /// <summary>Through ASP.NET Core: binding never fails, the endpoint names the bad value, and the contract shows a number.</summary>
    [Fact]
    public async Task AnEndpointNamesItsBadValuesAndItsContractShowsNumbers()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddPlatformOpenApi("test", "test", "test");
        await using var app = builder.Build();
        app.MapOpenApi();
        app.MapGet("/items", ([AsParameters] Paging paging, QueryValue<long>? categoryId) =>
        {
            var errors = new Dictionary<string, string[]>();
            var page = paging.Page.Read("page", errors, fallback: 1, min: 1);
            var category = categoryId.Read("categoryId", errors);
            return errors.Count > 0 ? Results.ValidationProblem(errors) : Results.Ok(new { page, category });
        });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()) };

        using var bad = await http.GetAsync("/items?page=first&categoryId=sauces");
        using var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
        using var good = JsonDocument.Parse(await http.GetStringAsync("/items?page=2&categoryId=5"));
        using var contract = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json"));

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(["categoryId", "page"], problem.RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(2, good.RootElement.GetProperty("page").GetInt32());
        Assert.Equal(5, good.RootElement.GetProperty("category").GetInt64());
        var parameters = contract.RootElement.GetProperty("paths").GetProperty("/items").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("schema"));
        Assert.Equal("int32", parameters["page"].GetProperty("format").GetString());
        Assert.Equal("int64", parameters["categoryId"].GetProperty("format").GetString());
        Assert.Contains("integer", parameters["page"].GetProperty("type").EnumerateArray().Select(t => t.GetString()));
        Assert.False(contract.RootElement.TryGetProperty("components", out var components)
            && components.TryGetProperty("schemas", out var schemas)
            && schemas.EnumerateObject().Any(s => s.Name.StartsWith("QueryValue", StringComparison.Ordinal)));
    }

    [Fact]
    public void TheTypeABoundValueStandsForIsKnown()
    {
        Assert.Equal(typeof(int), QueryValues.ValueType(typeof(QueryValue<int>)));
        Assert.Equal(typeof(DateTimeOffset), QueryValues.ValueType(typeof(QueryValue<DateTimeOffset>)));
        Assert.Null(QueryValues.ValueType(typeof(string)));
        Assert.Null(QueryValues.ValueType(typeof(int?)));
    }

    public sealed record Paging([FromQuery(Name = "page")] QueryValue<int>? Page);

    private static QueryValue<T>? Value<T>(string? text)
        where T : struct, IParsable<T>, IComparable<T> =>
        text is null ? null : QueryValue<T>.TryParse(text, null, out var value) ? value : null;
}
