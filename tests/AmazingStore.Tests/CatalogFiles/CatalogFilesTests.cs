using System.Net;
using AmazingStore.Tests.Marketplaces;
using AmazingStore.Web.Marketplaces.Sync;
using ClosedXML.Excel;
using static AmazingStore.Tests.CatalogFiles.CatalogFileKit;

namespace AmazingStore.Tests.CatalogFiles;

/// <summary>Issue 19 item 4: the catalog as CSV/XLSX, and a CSV import that is all or nothing.</summary>
public sealed class CatalogFilesTests
{
    /// <summary>Products with every awkward kind of value a spreadsheet round trip can break.</summary>
    private static async Task<(int Tricky, int Plain, int Category)> SeedAsync(MarketplaceBed bed)
    {
        var category = await CreateCategoryAsync(bed, "Kiyim");
        var tricky = await CreateProductAsync(bed, new
        {
            sku = "00123", barcode = "4780000000017", name_uz = "=1+1 ko'ylak, \"yangi\"", name_ru = "Рубашка; новая",
            description_uz = "Birinchi qator\nikkinchi qator, vergul bilan", description_ru = "-минус в начале", category_id = category,
            price = 125000.50m, sale_price = 99000m, cost_price = 70000.25m, image_url = "https://cdn.example.uz/a.jpg", initial_stock = 7,
        });
        var plain = await CreateProductAsync(bed, new { sku = "PLAIN-1", name_uz = "Oddiy", price = 1000m, initial_stock = 0 });
        // Off sale, no optional fields: empty cells and false must come back as they went.
        var off = await CreateProductAsync(bed, new { sku = "OFF-1", name_uz = "Sotuvda emas", price = 5m, is_active = false, initial_stock = 3 });
        Assert.True(off > 0);
        return (tricky, plain, category);
    }

    [Fact]
    public async Task Export_then_import_of_the_same_file_changes_nothing_and_the_export_carries_every_column()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        await SeedAsync(bed);
        var csv = await ExportCsvAsync(bed);
        var lines = csv.Split("\r\n");
        Assert.Equal(Header, lines[0]);
        // The formula-looking name goes out escaped for spreadsheets; the import takes the escape off again.
        Assert.Contains("\"'=1+1 ko'ylak, \"\"yangi\"\"\"", csv);
        Assert.Contains("00123,4780000000017,", csv);

        var before = await StateAsync(bed);
        var (status, body) = await ImportAsync(bed, csv);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal((0, 0, 3), (body.GetProperty("created").GetInt32(), body.GetProperty("updated").GetInt32(), body.GetProperty("unchanged").GetInt32()));
        Assert.Equal(before, await StateAsync(bed));

        // The same file again through a multipart upload (the Mini App's way): still nothing.
        (status, body) = await ImportAsync(bed, csv, multipart: true);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal(3, body.GetProperty("unchanged").GetInt32());
        Assert.Equal(before, await StateAsync(bed));
    }

    [Fact]
    public async Task The_xlsx_export_holds_the_same_values_with_text_kept_as_text_and_no_formulas()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var (_, _, category) = await SeedAsync(bed);
        var (bytes, type) = await ExportAsync(bed, "xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", type);
        using var book = new XLWorkbook(new MemoryStream(bytes));
        var sheet = book.Worksheet(1);
        Assert.Equal(Header.Split(','), Enumerable.Range(1, 14).Select(c => sheet.Cell(1, c).GetString()));
        var row = sheet.Row(2);
        Assert.Equal("00123", row.Cell(1).GetString());
        Assert.Equal(XLDataType.Text, row.Cell(1).DataType);
        Assert.False(row.Cell(3).HasFormula);
        Assert.Equal("=1+1 ko'ylak, \"yangi\"", row.Cell(3).GetString());
        Assert.Equal(category, (int)row.Cell(7).GetDouble());
        Assert.Equal(125000.50, row.Cell(8).GetDouble());
        Assert.Equal(7, (int)row.Cell(11).GetDouble());
        Assert.True(row.Cell(13).GetBoolean());
        Assert.False(sheet.Row(4).Cell(13).GetBoolean());
        Assert.True(sheet.Row(4).Cell(9).IsEmpty());
        Assert.True(sheet.Row(5).IsEmpty());
    }

    [Fact]
    public async Task A_file_with_bad_rows_changes_nothing_and_names_every_bad_row_and_field()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var (tricky, _, _) = await SeedAsync(bed);
        // An open order holds 5 of the 7 units: a file setting stock to 2 must be refused for that row.
        var (placed, text) = await bed.SendAsync(HttpMethod.Post, "/api/admin/orders",
            new { customer_name = "Ali", customer_phone = "+998901234567", items = new[] { new { product_id = tricky, quantity = 5 } } });
        Assert.True(placed == HttpStatusCode.Created, text);
        var before = await StateAsync(bed);
        var csv = string.Join("\n",
            "sku,name_uz,price,stock,category_id",
            "NEW-1,Yangi,1000,5,",          // row 2: good
            "NEW-2,Yangi 2,12.345,1,",      // row 3: three decimals
            "NEW-3,,500,1,",                // row 4: no name
            "NEW-4,Yangi 4,500,1,999999",   // row 5: unknown category
            "NEW-1,Yana,700,1,",            // row 6: the same SKU as row 2
            "00123,Ko'ylak,125000.50,2,",   // row 7: below the 5 reserved
            "NEW-5,Yangi 5,abc,-1,",        // row 8: two bad fields
            "NEW-6,Yangi 6,100,1");         // row 9: a field short
        var (status, body) = await ImportAsync(bed, csv);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_file", body.GetProperty("code").GetString());
        Assert.Equal([(3, "price"), (4, "name_uz"), (5, "category_id"), (6, "sku"), (7, "stock"), (8, "price"), (8, "stock"), (9, "")],
            Errors(body).OrderBy(e => e.Row).ThenBy(e => e.Field).ToList());
        Assert.Equal(before, await StateAsync(bed));

        // The header is row 1: a column the file cannot have is named there.
        (status, body) = await ImportAsync(bed, "sku,name_uz,price,colour\nX,Y,1,red");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal([(1, "colour")], Errors(body));
        (status, body) = await ImportAsync(bed, "sku,price\nX,1");
        Assert.Equal([(1, "name_uz")], Errors(body));
        Assert.Equal(before, await StateAsync(bed));
    }

    [Fact]
    public async Task A_dry_run_reports_what_would_change_and_writes_nothing_then_the_real_run_does_it()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var (tricky, plain, _) = await SeedAsync(bed);
        var csv = string.Join("\r\n",
            "sku;name_uz;price;stock;min_stock",   // Excel in a Russian locale: ';' and a decimal comma
            "PLAIN-1;Oddiy;1500,50;4;2",          // price, stock and min_stock change
            "OFF-1;Sotuvda emas;5;3;",            // unchanged
            "NEW-9;Yangi mahsulot;2000;6;1",      // created
            "");
        var before = await StateAsync(bed);
        var (status, body) = await ImportAsync(bed, csv, dryRun: true);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal((1, 1, 1, true), (body.GetProperty("created").GetInt32(), body.GetProperty("updated").GetInt32(),
            body.GetProperty("unchanged").GetInt32(), body.GetProperty("dry_run").GetBoolean()));
        Assert.Equal(before, await StateAsync(bed));

        (status, body) = await ImportAsync(bed, csv);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal((1, 1, 1), (body.GetProperty("created").GetInt32(), body.GetProperty("updated").GetInt32(), body.GetProperty("unchanged").GetInt32()));
        Assert.Equal(1500.50m, await bed.Host.ScalarAsync<decimal>("SELECT price FROM products WHERE id = $1", plain));
        Assert.Equal(2, await bed.Host.ScalarAsync<int>("SELECT min_stock FROM products WHERE id = $1", plain));
        Assert.Equal(4, await bed.Host.ScalarAsync<int>("SELECT quantity FROM inventory WHERE product_id = $1", plain));
        Assert.Equal(6, await bed.Host.ScalarAsync<int>("SELECT i.quantity FROM inventory i JOIN products p ON p.id = i.product_id WHERE p.sku = 'NEW-9'"));
        // Columns the file left out were left alone.
        Assert.Equal(7, await bed.Host.ScalarAsync<int>("SELECT quantity FROM inventory WHERE product_id = $1", tricky));
        Assert.Equal(70000.25m, await bed.Host.ScalarAsync<decimal>("SELECT cost_price FROM products WHERE id = $1", tricky));
        // Stock moved through the ledger, as import movements, and the ledger still reconciles.
        Assert.Equal(2L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM inventory_movements WHERE movement_type = 'import'"));
        Assert.Equal(0L, await bed.Host.ScalarAsync<long>("""
            SELECT count(*) FROM inventory i
            WHERE i.quantity <> (SELECT COALESCE(sum(quantity_change), 0) FROM inventory_movements m WHERE m.product_id = i.product_id)
            """));
    }

    [Fact]
    public async Task A_stock_change_by_import_reaches_every_marketplace()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var (tricky, plain, _) = await SeedAsync(bed);
        await bed.MapEverywhereAsync((tricky, 1), (plain, 2));
        foreach (var slug in new[] { "uzum", "wildberries", "ozon" }) await bed.RunAsync(slug, SyncTypes.Stock);
        Assert.Equal((7, 0), (bed.Wb.Stock[700001], bed.Wb.Stock[700002]));

        var csv = (await ExportCsvAsync(bed)).Replace(",7,,true,", ",12,,true,");
        var (status, body) = await ImportAsync(bed, csv);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal(1, body.GetProperty("updated").GetInt32());
        // No manual run: the ledger's push alone must carry the change out.
        await MarketplaceBed.WaitUntilAsync(() => Task.FromResult(
                bed.Wb.Stock[700001] == 12 && bed.Uzum.Stock["4780000000001"] == 12
                && bed.Ozon.Stock.GetValueOrDefault($"OFFER-1@{MarketplaceBed.OzonWarehouse}") == 12),
            TimeSpan.FromSeconds(60), "every marketplace to hear the imported stock");
        Assert.Equal(0, bed.Wb.Stock[700002]);
        Assert.Equal("import", await bed.Host.ScalarAsync<string>(
            "SELECT movement_type FROM inventory_movements WHERE product_id = $1 ORDER BY id DESC LIMIT 1", tricky));
    }

    [Fact]
    public async Task The_import_takes_only_csv_and_only_from_admins()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var (status, text) = await bed.SendAsync(HttpMethod.Post, "/api/admin/products/import", new { sku = "X" });
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Contains("unsupported_media_type", text);
        var stranger = StoreApi.InitData.For(123_456, "Begona");
        using var reply = await bed.Client.SendAsync(StoreApi.InitData.Request(HttpMethod.Get, "/api/admin/products/export.csv", stranger));
        Assert.Equal(HttpStatusCode.Forbidden, reply.StatusCode);
        var (empty, body) = await ImportAsync(bed, Header + "\n");
        Assert.Equal(HttpStatusCode.BadRequest, empty);
        Assert.Equal([(2, "")], Errors(body));

        // A multipart body cut short (found by FuzzTests as a 500) and a NUL inside a CSV field are the client's.
        var cut = new HttpRequestMessage(HttpMethod.Post, "/api/admin/products/import") { Content = new StringContent("{\"a\":") };
        cut.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
        cut.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("tma", bed.AdminInitData);
        using (var cutReply = await bed.Client.SendAsync(cut)) Assert.Equal(HttpStatusCode.BadRequest, cutReply.StatusCode);
        (status, var nul) = await ImportAsync(bed, "sku,name_uz,price\nNUL-1,Ism\0bor,100");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal([(2, "name_uz")], Errors(nul));
        Assert.Equal(0L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM products"));
    }
}
