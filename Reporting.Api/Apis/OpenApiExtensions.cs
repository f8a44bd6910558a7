using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Reporting.Api.Apis;

/// <summary>The Reporting Service API contract: generated from the endpoints, committed as docs/reporting-api.openapi.json.</summary>
public static class OpenApiExtensions
{
    public static void AddReportingOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Commerce Integration Platform: Reporting API",
                    Version = "v1",
                    Description = "Read-only reports over Broadleaf Commerce's read replica for the admin UI. Every report needs a bearer token with the admin role.",
                };
                // Servers depend on where the document was fetched; the contract must not.
                document.Servers = [];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "OAuth2 access token with the admin role.",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] }];
                return Task.CompletedTask;
            });
        });

    /// <summary>The document at <c>/openapi/v1.json</c> everywhere; the browsable page (<c>/scalar</c>) in development only.</summary>
    public static void MapReportingOpenApi(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference().AllowAnonymous();
        }
    }
}
