using System.Net.Sockets;
using Npgsql;

namespace AmazingStore.Web.Hosting;

/// <summary>One line that says why the store did not start and what to do about it.</summary>
public static class StartupFailure
{
    public static string Describe(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null && inner is not (NpgsqlException or SocketException or IOException)) inner = inner.InnerException;
        var what = FirstLine(inner.Message);
        var hint = inner switch
        {
            _ when what.Contains("binaries found", StringComparison.OrdinalIgnoreCase) || what.Contains("initdb", StringComparison.Ordinal)
                => "install the PostgreSQL server (Debian: apt-get install postgresql) or set Store:PostgresBinDirectory, or set ConnectionStrings:Store to an external server",
            PostgresException { SqlState: "53300" } => "the database server has no connection left: lower Store:MaxPoolSize or raise max_connections",
            PostgresException { SqlState: "3D000" } => "create that database on the server (CREATE DATABASE) or fix its name in ConnectionStrings:Store",
            PostgresException { SqlState: "28P01" or "28000" } => "check the user name and password in ConnectionStrings:Store",
            NpgsqlException or SocketException => "check that the database in ConnectionStrings:Store is running and reachable",
            IOException when what.Contains("address already in use", StringComparison.OrdinalIgnoreCase)
                => "another program uses the port: stop it or start the store with --urls http://localhost:<another port>",
            UnauthorizedAccessException => "run the store as a user that may write its data folder, or set Store:DataDirectory",
            _ => "see the log lines above",
        };
        return $"{what} — {hint}.";
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}
