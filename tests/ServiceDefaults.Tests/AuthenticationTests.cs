using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

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
}
