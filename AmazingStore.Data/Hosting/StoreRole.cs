using Npgsql;

namespace AmazingStore.Data.Hosting;

/// <summary>
/// The embedded server's role for the store: it logs in, owns the store's database and everything in it
/// (so migrations, Hangfire's schema and pg_dump work), and is no superuser: a flaw in the store cannot read
/// the server's files, run programs through COPY, change the server's settings or reach other databases'
/// data as the superuser could. Made with the superuser at start-up; a database made by an earlier version
/// (owned by the superuser) is handed over once, object by object (REASSIGN OWNED cannot move the bootstrap
/// superuser's objects). Objects that belong to an extension (pg_trgm's functions) stay where they are.
/// </summary>
public static class StoreRole
{
    /// <param name="password">The role's password; by default the superuser's (the embedded server has one secret). Null on
    /// both leaves the role without one (a server that trusts).</param>
    public static async Task EnsureAsync(string superuserConnectionString, string database, string role, CancellationToken ct = default, string? password = null)
    {
        var maintenance = new NpgsqlConnectionStringBuilder(superuserConnectionString) { Database = "postgres", Pooling = false };
        password ??= maintenance.Password;
        // Only the verifier goes to the server: the password itself is in no statement a log could keep. Set when the
        // role cannot log in with it (new role, one made by an earlier version without a password, a new secret),
        // so instances starting together do not rewrite the same row at once.
        var setPassword = string.IsNullOrEmpty(password) || await LogsInAsync(maintenance, role, password, ct)
            ? "" : $"ALTER ROLE {Ident(role)} PASSWORD {Literal(EmbeddedSecret.ScramVerifier(password))};";
        await using (var conn = new NpgsqlConnection(maintenance.ConnectionString))
        {
            await conn.OpenAsync(ct);
            await ExecAsync(conn, $"""
                DO $do$ BEGIN
                    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {Literal(role)}) THEN
                        CREATE ROLE {Ident(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
                    END IF;
                EXCEPTION WHEN duplicate_object THEN NULL; -- another instance made it first
                END $do$;
                {setPassword}
                ALTER DATABASE {Ident(database)} OWNER TO {Ident(role)};
                """, ct);
        }
        var inDatabase = new NpgsqlConnectionStringBuilder(superuserConnectionString) { Database = database, Pooling = false };
        await using (var conn = new NpgsqlConnection(inDatabase.ConnectionString))
        {
            await conn.OpenAsync(ct);
            await ExecAsync(conn, HandOverSql(role), ct);
        }
    }

    private static string HandOverSql(string role) => $$"""
        DO $do$
        DECLARE
            r record;
            target name := {{Literal(role)}};
        BEGIN
            FOR r IN SELECT n.nspname FROM pg_namespace n
                      WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
                        AND pg_get_userbyid(n.nspowner) NOT IN (target, 'pg_database_owner')
                        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e')
            LOOP
                EXECUTE format('ALTER SCHEMA %I OWNER TO %I', r.nspname, target);
            END LOOP;
            -- Tables, views and free-standing sequences (a serial's sequence moves with its table).
            FOR r IN SELECT n.nspname, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                      WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
                        AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                        AND pg_get_userbyid(c.relowner) <> target
                        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
                        AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                                             AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')))
            LOOP
                EXECUTE format('ALTER %s %I.%I OWNER TO %I',
                    CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
                    r.nspname, r.relname, target);
            END LOOP;
            FOR r IN SELECT p.oid::regprocedure AS sig, p.prokind FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                      WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
                        AND pg_get_userbyid(p.proowner) <> target
                        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
            LOOP
                EXECUTE format('ALTER %s %s OWNER TO %I', CASE r.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END, r.sig, target);
            END LOOP;
            -- Enums, domains, ranges and free-standing composite types (a table's row type moves with the table).
            FOR r IN SELECT t.oid::regtype AS typ FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                      WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
                        AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c'))
                        AND pg_get_userbyid(t.typowner) <> target
                        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
            LOOP
                EXECUTE format('ALTER TYPE %s OWNER TO %I', r.typ, target);
            END LOOP;
        END
        $do$;
        """;

    private static async Task<bool> LogsInAsync(NpgsqlConnectionStringBuilder superuser, string role, string password, CancellationToken ct)
    {
        var asRole = new NpgsqlConnectionStringBuilder(superuser.ConnectionString) { Username = role, Password = password, Pooling = false };
        try
        {
            await using var conn = new NpgsqlConnection(asRole.ConnectionString);
            await conn.OpenAsync(ct);
            return true;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification) { return false; }
    }

    private static async Task ExecAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static string Ident(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";
    private static string Literal(string value) => "'" + value.Replace("'", "''") + "'";
}
