using Hangfire.PostgreSql;
using Npgsql;

namespace AmazingStore.Web.Jobs;

/// <summary>
/// Hangfire's connections come from the store's data source: the same database, credentials and pool
/// limits, and they go away with the host (tests run several hosts on one server).
/// </summary>
public sealed class DataSourceConnectionFactory(NpgsqlDataSource dataSource) : IConnectionFactory
{
    public NpgsqlConnection GetOrCreateConnection() => dataSource.CreateConnection();
}
