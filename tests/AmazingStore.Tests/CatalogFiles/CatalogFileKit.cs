using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AmazingStore.Tests.Marketplaces;
using AmazingStore.Tests.StoreApi;
using Npgsql;

namespace AmazingStore.Tests.CatalogFiles;

/// <summary>Sends catalog files as an admin and reads the whole catalog's state, to prove that nothing changed.</summary>
public static class CatalogFileKit
{
    public static async Task<(HttpStatusCode Status, JsonElement Body)> ImportAsync(MarketplaceBed bed, string csv, bool dryRun = false,
        bool multipart = false)
    {
        var req = new HttpRequestMessage(HttpMethod.Post, "/api/admin/products/import" + (dryRun ? "?dry_run=true" : ""));
        req.Headers.Authorization = new AuthenticationHeaderValue("tma", bed.AdminInitData);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        if (multipart)
        {
            var form = new MultipartFormDataContent();
            form.Add(content, "file", "products.csv");
            req.Content = form;
        }
        else req.Content = content;
        using var reply = await bed.Client.SendAsync(req);
        var text = await reply.Content.ReadAsStringAsync();
        return (reply.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    public static async Task<(byte[] Bytes, string? ContentType)> ExportAsync(MarketplaceBed bed, string ext)
    {
        using var reply = await bed.Client.SendAsync(InitData.Request(HttpMethod.Get, "/api/admin/products/export." + ext, bed.AdminInitData));
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        return (await reply.Content.ReadAsByteArrayAsync(), reply.Content.Headers.ContentType?.MediaType);
    }

    public static async Task<string> ExportCsvAsync(MarketplaceBed bed)
    {
        var (bytes, type) = await ExportAsync(bed, "csv");
        Assert.Equal("text/csv", type);
        // Excel needs the byte order mark to read the Cyrillic as UTF-8.
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        return Encoding.UTF8.GetString(bytes[3..]);
    }

    /// <summary>
    /// Every product row (updated_at included: an UPDATE that "changed nothing" would still move it), stock,
    /// ledger and outbox counts: equal before and after = the import wrote nothing.
    /// </summary>
    public static async Task<string> StateAsync(MarketplaceBed bed)
    {
        await using var conn = new NpgsqlConnection(bed.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT (SELECT string_agg(row(p.*)::text || '|' || COALESCE(i.quantity, -1) || '/' || COALESCE(i.reserved_quantity, -1), E'\n' ORDER BY p.id)
                      FROM products p LEFT JOIN inventory i ON i.product_id = p.id)
                   || E'\nmovements ' || (SELECT count(*) FROM inventory_movements)
                   || E'\noutbox ' || (SELECT count(*) FROM outbox_messages)
                   || E'\nproducts ' || (SELECT count(*) FROM products)
            """, conn);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    public static async Task<int> CreateProductAsync(MarketplaceBed bed, object body)
    {
        var (status, text) = await bed.SendAsync(HttpMethod.Post, "/api/admin/products", body);
        Assert.True(status == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt32();
    }

    public static async Task<int> CreateCategoryAsync(MarketplaceBed bed, string name)
    {
        var (status, text) = await bed.SendAsync(HttpMethod.Post, "/api/admin/categories", new { name_uz = name, name_ru = name });
        Assert.True(status == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt32();
    }

    public static List<(int Row, string Field)> Errors(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("field").GetString()!)).ToList();

    public const string Header = "sku,barcode,name_uz,name_ru,description_uz,description_ru,category_id,price,sale_price,cost_price,stock,min_stock,is_active,image_url";
}
