namespace ServiceDefaults.Data;

public static class CommandTimeouts
{
    /// <summary>A duration as the whole seconds Npgsql's timeouts and <c>Retry-After</c> take, rounded up so it never shortens.</summary>
    public static int WholeSeconds(this TimeSpan duration) => (int)Math.Ceiling(duration.TotalSeconds);
}
