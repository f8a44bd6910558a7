using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AppHost.Security;

public static class DevelopmentAuthenticationExtensions
{
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(8);

    /// <summary>The run's development token issuer, shared by every service (and by tests through the AppHost's services).</summary>
    public static DevelopmentTokenIssuer AddDevelopmentTokenIssuer(this IDistributedApplicationBuilder builder)
    {
        var issuer = new DevelopmentTokenIssuer();
        builder.Services.AddSingleton(issuer);
        return issuer;
    }

    /// <summary>
    /// In run mode, makes <paramref name="service"/> trust the development issuer for <paramref name="audience"/> and adds a
    /// dashboard command that writes a token with <paramref name="roles"/> and <paramref name="scopes"/> to the service's log.
    /// Publish mode adds nothing: production takes its authority from deployment configuration.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDevelopmentAuthentication(this IResourceBuilder<ProjectResource> service,
        DevelopmentTokenIssuer issuer, string audience, string[] roles, string[] scopes)
    {
        if (!service.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            return service;
        }

        return service
            .WithEnvironment("Authentication__Schemes__Bearer__ValidIssuer", DevelopmentTokenIssuer.Issuer)
            .WithEnvironment("Authentication__Schemes__Bearer__ValidAudiences__0", audience)
            .WithEnvironment("Authentication__SigningKeys__0", issuer.PublicKey)
            .WithCommand("development-token", "Get a development token", context =>
            {
                var token = issuer.CreateToken(audience, roles, scopes, TokenLifetime);
                var logger = context.Services.GetRequiredService<ResourceLoggerService>().GetLogger(service.Resource);
                logger.LogInformation("Development token for {Audience} (roles: {Roles}; scopes: {Scopes}; valid {Lifetime}): {Token}",
                    audience, string.Join(',', roles), string.Join(' ', scopes), TokenLifetime, token);
                return Task.FromResult(CommandResults.Success());
            }, new CommandOptions
            {
                Description = "Writes a bearer token for this service to its console log.",
                IconName = "Key",
            });
    }
}
