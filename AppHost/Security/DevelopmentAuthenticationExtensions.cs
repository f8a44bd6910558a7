using AppHost.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AppHost.Security;

public static class DevelopmentAuthenticationExtensions
{
    /// <summary>
    /// In run mode, the development identity provider (<see cref="DevelopmentIdentityProvider"/>), served by this process
    /// on <c>DevelopmentIdentity:Port</c> (0: a free port) and never in the manifest, with a command that restarts it on a
    /// new signing key. Publish mode adds none: production takes its authority from deployment configuration.
    /// </summary>
    public static IResourceBuilder<DevelopmentIdentityResource>? AddDevelopmentIdentityProvider(
        this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        if (!builder.ExecutionContext.IsRunMode)
        {
            return null;
        }

        var provider = new DevelopmentIdentityProvider(builder.Configuration.GetValue("DevelopmentIdentity:Port", 0));
        builder.Services.AddSingleton(provider).AddSingleton(provider.Tokens);
        return builder.AddResource(new DevelopmentIdentityResource(name, provider))
            .RunAsLocalEndpoint("IdentityProvider", "PersonKey", "OpenID Connect development identity provider", (resource, _) => resource.Provider, link: "discovery", linkPath: DevelopmentIdentityProvider.DiscoveryPath)
            .WithCommand("rotate-signing-key", "Restart with a new signing key", async context =>
            {
                provider.Tokens.Rotate();
                await provider.RestartAsync(context.CancellationToken).ConfigureAwait(false);
                return CommandResults.Success();
            }, new CommandOptions
            {
                Description = "Restarts the provider on a new signing key, as a key rollover does: its JWKS then lists only the new key.",
                IconName = "ArrowSync",
                ConfirmationMessage = "Restart the identity provider with a new signing key? Authorization codes in flight are lost.",
            });
    }

    /// <summary>In run mode, the admin console signs people in at the development provider; publish mode leaves the authority to deployment configuration.</summary>
    public static IResourceBuilder<ProjectResource> WithDevelopmentSignIn(this IResourceBuilder<ProjectResource> console,
        IResourceBuilder<DevelopmentIdentityResource>? identity) =>
        identity is null ? console : console.WithEnvironment("AdminUi__Authority", identity.Resource.Provider.Tokens.Issuer);

    /// <summary>
    /// Makes <paramref name="service"/> validate tokens for <paramref name="audience"/> through the provider's discovery
    /// document and JWKS (<c>Authentication:Schemes:Bearer:Authority</c>), as in production, and adds a dashboard command
    /// that gets a token for it from the provider (client credentials of <see cref="DevelopmentIdentity.Tools"/> with
    /// <paramref name="scopes"/>) and shows it in a dialog. Nothing without a provider (publish mode).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDevelopmentAuthentication(this IResourceBuilder<ProjectResource> service,
        IResourceBuilder<DevelopmentIdentityResource>? identity, string audience, string[] scopes)
    {
        if (identity is null)
        {
            return service;
        }

        var provider = identity.Resource.Provider;
        return service
            .WaitFor(identity)
            .WithEnvironment("Authentication__Schemes__Bearer__Authority", provider.Tokens.Issuer)
            .WithEnvironment("Authentication__Schemes__Bearer__RequireHttpsMetadata", "false")
            .WithEnvironment("Authentication__Schemes__Bearer__ValidAudiences__0", audience)
            // A restarted provider's new key is fetched on the first token signed with it, not up to 5 minutes later.
            .WithEnvironment("Authentication__Schemes__Bearer__RefreshInterval", "00:00:01")
            .WithCommand("development-token", "Get a development token", async context =>
            {
                var token = await provider.RequestTokenAsync(DevelopmentIdentity.Tools, scopes, context.CancellationToken).ConfigureAwait(false);
                return CommandResults.Success($"Token for {audience} (client {DevelopmentIdentity.Tools.ClientId}, scopes: {string.Join(' ', scopes)})",
                    token, CommandResultFormat.Text, displayImmediately: true);
            }, new CommandOptions
            {
                Description = "Gets a bearer token for this service from the development identity provider and shows it to copy.",
                IconName = "Key",
            });
    }
}
