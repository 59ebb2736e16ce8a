using AmazingStore.Data;
using AmazingStore.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace AmazingStore.Tests.Foundation;

/// <summary>The EF model and the migrated database agree: every mapped table and column exists with a compatible type.</summary>
public sealed class ModelSchemaAgreementTests
{
    [Fact]
    public async Task Every_mapped_column_exists_with_a_compatible_type()
    {
        var cs = await TestPostgres.CreateDatabaseAsync();
        var columns = new Dictionary<(string Table, string Column), (string Type, bool Nullable, int? Length)>();
        await using (var ds = NpgsqlDataSource.Create(cs))
        await using (var cmd = ds.CreateCommand("""
            SELECT table_name, column_name, data_type, is_nullable = 'YES', character_maximum_length
              FROM information_schema.columns WHERE table_schema = 'public'
            """))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync())
                columns[(r.GetString(0), r.GetString(1))] = (r.GetString(2), r.GetBoolean(3), r.IsDBNull(4) ? null : r.GetInt32(4));

        await using var db = new StoreDb(new DbContextOptionsBuilder<StoreDb>().UseNpgsql(cs).Options);
        var problems = new List<string>();
        var entityTypes = db.Model.GetEntityTypes().ToList();
        Assert.True(entityTypes.Count >= 14);
        foreach (var entity in entityTypes)
        {
            var table = entity.GetTableName()!;
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            if (!columns.Keys.Any(k => k.Table == table)) { problems.Add($"table {table} missing"); continue; }
            foreach (var property in entity.GetProperties())
            {
                var column = property.GetColumnName(store)!;
                if (!columns.TryGetValue((table, column), out var actual)) { problems.Add($"{table}.{column} missing"); continue; }
                var expected = Normalize(property.GetColumnType());
                if (expected != Normalize(actual.Type)) problems.Add($"{table}.{column}: model {expected}, database {actual.Type}");
                if (!property.IsNullable && actual.Nullable && property.ValueGenerated == ValueGenerated.Never)
                    problems.Add($"{table}.{column}: required in the model but nullable in the database");
                var maxLength = property.GetMaxLength();
                if (maxLength is not null && actual.Length is not null && maxLength != actual.Length)
                    problems.Add($"{table}.{column}: length {maxLength} in the model, {actual.Length} in the database");
            }
        }
        Assert.Empty(problems);
    }

    private static string Normalize(string type)
    {
        var t = type.ToLowerInvariant();
        var paren = t.IndexOf('(');
        if (paren >= 0) t = t[..paren].Trim();
        return t switch
        {
            "varchar" => "character varying",
            "int" or "int4" or "serial" => "integer",
            "int8" or "bigserial" => "bigint",
            "timestamptz" => "timestamp with time zone",
            "bool" => "boolean",
            // information_schema names every array type ARRAY.
            _ when t.EndsWith("[]", StringComparison.Ordinal) => "array",
            _ => t,
        };
    }
}
