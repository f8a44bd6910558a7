using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using ServiceDefaults.Security;

namespace ServiceDefaults.Tests;

public sealed class AuthenticationTests
{
    [Fact]
    public void BearerValidationChecksEverythingAndAcceptsOnlyAsymmetricAlgorithms()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["Authentication:Schemes:Bearer:ValidIssuer"] = "https://login.example.com/";
        builder.Configuration["Authentication:Schemes:Bearer:ValidAudiences:0"] = "reporting-api";
        builder.AddDefaultAuthentication();
        using var app = builder.Build();

        var options = app.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        var validation = options.TokenValidationParameters;

        Assert.True(validation.ValidateIssuer && validation.ValidateAudience && validation.ValidateLifetime && validation.RequireSignedTokens);
        Assert.Equal("https://login.example.com/", validation.ValidIssuer);
        Assert.Equal(["reporting-api"], validation.ValidAudiences);
        Assert.Equal(TimeSpan.FromSeconds(30), validation.ClockSkew);
        Assert.Contains("RS256", validation.ValidAlgorithms);
        Assert.Contains("ES256", validation.ValidAlgorithms);
        Assert.DoesNotContain(validation.ValidAlgorithms, a => a.StartsWith("HS", StringComparison.Ordinal) || a == "none");
        Assert.True(options.RequireHttpsMetadata);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("0", false)]
    public void ValidTokensAreRememberedUnlessTheCacheIsTurnedOff(string? entries, bool cached)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (entries is not null)
        {
            builder.Configuration["Authentication:TokenCache:Entries"] = entries;
        }

        builder.AddDefaultAuthentication();
        using var app = builder.Build();

        var options = app.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);

        var handler = Assert.IsAssignableFrom<JsonWebTokenHandler>(Assert.Single(options.TokenHandlers));
        Assert.Equal(cached, handler is CachingJsonWebTokenHandler);
        Assert.False(handler.MapInboundClaims);
    }

    [Fact]
    public void AnOutOfRangeTokenCacheStopsTheServiceAtStart()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["Authentication:TokenCache:Lifetime"] = "01:00:00";

        var error = Assert.Throws<OptionsValidationException>(() => builder.AddDefaultAuthentication());
        Assert.Contains("Lifetime", error.Message, StringComparison.Ordinal);
    }
}
