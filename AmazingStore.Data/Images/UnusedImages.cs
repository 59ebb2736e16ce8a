using Npgsql;

namespace AmazingStore.Data.Images;

/// <summary>
/// Uploaded pictures nothing points at. An upload is a row before the form that asked for it is saved, and
/// an edit leaves the old picture behind, so unreferenced rows pile up; they are removed once older than a
/// grace period (a form still open keeps its fresh upload). A picture is referenced when any column that can
/// hold a site path names its id: products', categories' and banners' image_url, a category's icon (50
/// characters hold "/images/{32 hex}.webp") and a banner's link_url. Referenced pictures stay however old.
/// </summary>
public static class UnusedImages
{
    // The id is matched wherever /images/{id} appears, so an absolute URL to this store counts as well.
    private const string Sql = """
        WITH referenced (id) AS (
            SELECT lower(substring(ref FROM '/images/([0-9a-fA-F]{32})'))::uuid
              FROM (SELECT image_url FROM products
                    UNION ALL SELECT image_url FROM categories
                    UNION ALL SELECT icon FROM categories
                    UNION ALL SELECT image_url FROM banners
                    UNION ALL SELECT link_url FROM banners) AS refs (ref)
             WHERE ref ~ '/images/[0-9a-fA-F]{32}')
        DELETE FROM store_images i
         WHERE i.created_at < $1
           AND NOT EXISTS (SELECT 1 FROM referenced r WHERE r.id = i.id)
        """;

    /// <summary>Deletes the unreferenced pictures uploaded before <paramref name="uploadedBefore"/>; returns how many.</summary>
    public static async Task<int> DeleteAsync(NpgsqlDataSource dataSource, DateTimeOffset uploadedBefore, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(Sql);
        cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = uploadedBefore.UtcDateTime });
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
