namespace TestSupport;

public static class RepositoryRoot
{
    /// <summary>The folder holding Platform.slnx, found from the test's output folder upwards.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Platform.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Platform.slnx above {AppContext.BaseDirectory}.");
    }
}
