using Microsoft.Extensions.Options;
using Notifications.Worker.Providers;

namespace Notifications.Worker.Tests;

/// <summary>Which Google credentials the worker takes for FCM, and where its project comes from.</summary>
public sealed class FcmCredentialsTests
{
    /// <summary>A GKE workload identity federation configuration, as <c>gcloud iam workload-identity-pools create-cred-config</c> writes it: no key.</summary>
    private const string WorkloadIdentity = """
        {"type": "external_account",
         "audience": "//iam.googleapis.com/projects/123456/locations/global/workloadIdentityPools/platform/providers/gke",
         "subject_token_type": "urn:ietf:params:oauth:token-type:jwt",
         "token_url": "https://sts.googleapis.com/v1/token",
         "credential_source": {"file": "/var/run/secrets/tokens/gcp-ksa/token"}}
        """;

    [Fact]
    public void AServiceAccountKeyNamesItsOwnProject()
    {
        using var account = new AppHost.Infrastructure.Fcm.LocalFcmAccount();

        var credentials = Credentials(account.ServiceAccountJson(new Uri("https://oauth2.googleapis.com/token")));

        Assert.Equal(AppHost.Infrastructure.Fcm.LocalFcmAccount.ProjectId, credentials.ProjectId);
    }

    [Fact]
    public void WorkloadIdentityFederationNeedsNoKeyButItsProjectNamed()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => Credentials(WorkloadIdentity));

        Assert.Contains("ProjectId", failure.Message, StringComparison.Ordinal);
        Assert.Equal("shop-prod", Credentials(WorkloadIdentity, projectId: "shop-prod").ProjectId);
    }

    [Fact]
    public void OtherCredentialKindsAreRefused()
    {
        const string User = """{"type": "authorized_user", "client_id": "x", "client_secret": "y", "refresh_token": "z"}""";

        var failure = Assert.Throws<InvalidOperationException>(() => Credentials(User));

        Assert.Contains("neither a service account key nor a workload identity federation configuration", failure.Message, StringComparison.Ordinal);
    }

    private static FcmCredentials Credentials(string json, string? projectId = null) =>
        new(Options.Create(new NotificationsOptions { Push = new PushOptions { Credentials = json, ProjectId = projectId } }));
}
