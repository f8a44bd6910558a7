using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AppHost.Infrastructure.Postgres;

public static class LocalPostgresBuilderExtensions
{
    private const string DataDirectoryPrefix = "platform-postgres-";

    /// <summary>
    /// Runs postgres ($0 "$@") and turns the stop signal into a fast shutdown: on SIGTERM postgres would wait for every
    /// client (the services' pools) to disconnect, outliving its resource and holding the data directory.
    /// </summary>
    private const string FastShutdown = "trap 'kill -INT $pid' TERM INT; \"$0\" \"$@\" & pid=$!; wait $pid; trap - TERM INT; wait $pid";
    private static readonly TimeSpan InitDbTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Adds a PostgreSQL server from the host binaries (<c>LocalPostgres:BinDirectory</c>, default PostgreSQL 15 on Debian):
    /// a fresh data directory per run, a free port, tuned for a throwaway development database.
    /// PostgreSQL refuses to run as root, so as root it runs as the <c>postgres</c> OS user through runuser.
    /// </summary>
    public static IResourceBuilder<LocalPostgresServerResource> AddLocalPostgres(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        var binDirectory = builder.Configuration["LocalPostgres:BinDirectory"] ?? "/usr/lib/postgresql/15/bin";
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        RemoveStaleDataDirectories();
        var dataDirectory = Path.Combine(Path.GetTempPath(), DataDirectoryPrefix + Guid.NewGuid().ToString("N"));
        var port = FindFreeTcpPort();
        var asRoot = Environment.IsPrivilegedProcess;

        var server = new LocalPostgresServerResource(name, asRoot ? "runuser" : "/bin/sh", dataDirectory, password);

        return builder.AddResource(server)
            .WithIconName("DatabaseMultiple")
            .WithEndpoint("tcp", endpoint =>
            {
                endpoint.Port = port;
                endpoint.TargetPort = port;
                endpoint.IsProxied = false;
                endpoint.UriScheme = "tcp";
            })
            .WithArgs(context =>
            {
                string[] launcher = asRoot ? ["-u", LocalPostgresServerResource.SuperUser, "--", "/bin/sh"] : [];
                string[] arguments =
                [
                    .. launcher, "-c", FastShutdown, Path.Combine(binDirectory, "postgres"),
                    "-D", dataDirectory, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "-c", "listen_addresses=localhost", "-c", "unix_socket_directories=",
                    // A throwaway development database: durability is not worth the seeding time.
                    "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                    "-c", "max_connections=200",
                    // PostgreSQL logs to stderr, which the dashboard shows as errors. Only the server's own failures
                    // (FATAL, PANIC) go there: not its start, each checkpoint while seeding (LOG, which ranks above
                    // ERROR here), nor a client's failed statement, which that client is told and reports.
                    "-c", "log_min_messages=fatal",
                ];
                foreach (var arg in arguments)
                {
                    context.Args.Add(arg);
                }
            })
            .OnBeforeResourceStarted(async (resource, _, ct) =>
                await InitDbAsync(binDirectory, resource, asRoot, ct).ConfigureAwait(false))
            .WithPostgresHealthCheck();
    }

    /// <summary>Creates the run's data directory; a restart from the dashboard finds it and keeps its data.</summary>
    private static async Task InitDbAsync(string binDirectory, LocalPostgresServerResource server, bool asRoot, CancellationToken ct)
    {
        if (File.Exists(Path.Combine(server.DataDirectory, "PG_VERSION")))
        {
            return;
        }

        var passwordFile = server.DataDirectory + ".pw";
        await File.WriteAllTextAsync(passwordFile, await server.Password.GetValueAsync(ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        try
        {
            // Readable by the postgres OS user when we run initdb for it as root.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }

            string[] initDb =
            [
                Path.Combine(binDirectory, "initdb"), "-D", server.DataDirectory, "-U", LocalPostgresServerResource.SuperUser,
                "--pwfile", passwordFile, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync",
            ];
            string[] command = asRoot ? ["runuser", "-u", LocalPostgresServerResource.SuperUser, "--", .. initDb] : initDb;
            await RunAsync(command, ct).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private static async Task RunAsync(string[] command, CancellationToken ct)
    {
        var startInfo = new ProcessStartInfo(command[0], command[1..])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {command[0]}.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(InitDbTimeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{string.Join(' ', command)}' exited with {process.ExitCode}: {await errors.ConfigureAwait(false)}{await output.ConfigureAwait(false)}");
        }
    }

    /// <summary>Removes data directories of earlier runs whose server is no longer running.</summary>
    private static void RemoveStaleDataDirectories()
    {
        foreach (var directory in Directory.EnumerateDirectories(Path.GetTempPath(), DataDirectoryPrefix + "*"))
        {
            try
            {
                var pidFile = Path.Combine(directory, "postmaster.pid");
                if (File.Exists(pidFile) && IsRunning(File.ReadLines(pidFile).FirstOrDefault()))
                {
                    continue;
                }

                Directory.Delete(directory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another user's directory, or one being removed concurrently: not ours to clean.
            }
        }
    }

    private static bool IsRunning(string? pid)
    {
        try
        {
            using var process = Process.GetProcessById(int.Parse(pid ?? "", System.Globalization.CultureInfo.InvariantCulture));
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            return false;
        }
    }

    private static int FindFreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
