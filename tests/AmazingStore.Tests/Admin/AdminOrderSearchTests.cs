using System.Net;
using System.Text;
using System.Text.Json;
using AmazingStore.Data;
using AmazingStore.Data.Orders;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Tests.Orders;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace AmazingStore.Tests.Admin;

/// <summary>Issue 19 item 8: admins find orders by number, phone or name, and the flagged (unmapped) ones.</summary>
public sealed class AdminOrderSearchTests(ITestOutputHelper output)
{
    private static async Task<Order> PlaceAsync(StoreHost host, NewOrder order)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var r = await OrderWorkflow.PlaceAsync(scope.ServiceProvider.GetRequiredService<StoreDb>(), order, CancellationToken.None);
        return Assert.IsType<PlaceResult.Placed>(r).Order;
    }

    private static async Task<List<string>> NumbersAsync(StoreHost host, string query)
    {
        var (status, body) = await Shop.AsAsync(host, Shop.AdminTelegramId, HttpMethod.Get, "/api/admin/orders" + query);
        Assert.True(status == HttpStatusCode.OK, $"{query}: {(int)status} {body}");
        var numbers = body.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("order_number").GetString()!).ToList();
        Assert.Equal(numbers.Count, body.GetProperty("total").GetInt64());
        return numbers;
    }

    [Fact]
    public async Task Orders_are_found_by_number_phone_or_name_and_flagged_ones_are_the_unmapped_marketplace_orders()
    {
        await using var host = await Shop.StartAsync();
        var product = await Shop.ProductAsync(host, "FIND-1", 10_000, 50);
        var dilnoza = await PlaceAsync(host, new NewOrder(OrderSources.App, "amazing-store", [new NewOrderLine(product, 1)], "Dilnoza Karimova", "+998901112233"));
        var bobur = await PlaceAsync(host, new NewOrder(OrderSources.App, "amazing-store", [new NewOrderLine(product, 2)], "Bobur Toshmatov", "+998935556677"));
        var unmapped = await PlaceAsync(host, new NewOrder(OrderSources.Uzum, "uzum",
            [new NewOrderLine(null, 1, 50_000, ExternalSku: "UZ-SKU-404", ExternalName: "Noma'lum")], "Uzum xaridori", "+998971234567",
            MarketplaceOrderId: "UZ-77001", KeepWhenShort: true));
        Assert.True(unmapped.NeedsAttention);

        Assert.Equal([dilnoza.OrderNumber], await NumbersAsync(host, "?search=karimova"));
        Assert.Equal([bobur.OrderNumber], await NumbersAsync(host, "?search=" + Uri.EscapeDataString("BOBUR")));
        // Phone as people type it, or a piece of it.
        Assert.Equal([bobur.OrderNumber], await NumbersAsync(host, "?search=" + Uri.EscapeDataString("+998 93 555-66-77")));
        Assert.Equal([dilnoza.OrderNumber], await NumbersAsync(host, "?search=1112233"));
        // The order number, whole or its tail.
        Assert.Equal([bobur.OrderNumber], await NumbersAsync(host, "?search=" + Uri.EscapeDataString(bobur.OrderNumber.ToLowerInvariant())));
        Assert.Equal([unmapped.OrderNumber], await NumbersAsync(host, "?search=" + unmapped.OrderNumber[^9..]));
        Assert.Empty(await NumbersAsync(host, "?search=" + Uri.EscapeDataString("%_")));

        Assert.Equal([unmapped.OrderNumber], await NumbersAsync(host, "?flagged=true"));
        Assert.Equal([bobur.OrderNumber, dilnoza.OrderNumber], await NumbersAsync(host, "?flagged=false"));
        // With the other filters.
        Assert.Equal([dilnoza.OrderNumber], await NumbersAsync(host, "?search=99890&source=app&status=pending"));
        Assert.Empty(await NumbersAsync(host, "?search=uzum&flagged=false"));
        Assert.Equal(3, (await NumbersAsync(host, "?search=%2B998")).Count);

        var (bad, problem) = await Shop.AsAsync(host, Shop.AdminTelegramId, HttpMethod.Get, "/api/admin/orders?flagged=maybe");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        var (long_, _) = await Shop.AsAsync(host, Shop.AdminTelegramId, HttpMethod.Get, "/api/admin/orders?search=" + new string('a', 201));
        Assert.Equal(HttpStatusCode.BadRequest, long_);
        Assert.Equal(HttpStatusCode.Forbidden, (await Shop.AsAsync(host, 19_301, HttpMethod.Get, "/api/admin/orders?search=a")).Status);
    }

    [Fact]
    public async Task The_search_reads_the_trigram_index_at_50k_orders()
    {
        await using var db = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        await using (var fill = db.CreateCommand("""
            INSERT INTO orders (order_number, marketplace_id, source, customer_name, customer_phone, subtotal, total, needs_attention)
            SELECT 'AS-261206-' || lpad(g::text, 6, '0'), (SELECT id FROM marketplaces WHERE slug = 'amazing-store'), 'app',
                   (ARRAY['Dilnoza','Bobur','Aziz','Malika','Sardor','Nodira'])[g % 6 + 1] || ' ' || substr(md5(g::text), 1, 8),
                   '+99890' || lpad((g * 7919 % 10000000)::text, 7, '0'), 1000, 1000, g % 1000 = 0
            FROM generate_series(1, 50000) g
            """))
        {
            fill.CommandTimeout = 300;
            await fill.ExecuteNonQueryAsync();
        }
        // What autovacuum would have done by now: statistics, and the GIN pending list merged.
        await using (var vacuum = db.CreateCommand("VACUUM ANALYZE orders"))
        {
            vacuum.CommandTimeout = 300;
            await vacuum.ExecuteNonQueryAsync();
        }
        string rare;
        await using (var pick = db.CreateCommand("SELECT substr(customer_name, length(customer_name) - 5) FROM orders WHERE order_number = 'AS-261206-024242'"))
            rare = (string)(await pick.ExecuteScalarAsync())!;

        // The statement EF sends for the list, minus paging: the count over the search.
        var sql = $"SELECT count(*) FROM (SELECT * FROM orders WHERE {OrderSearch.Text} ILIKE $1 OR {OrderSearch.Text} ILIKE $2) o";
        foreach (var term in new[] { rare, "024242", "0901234" })
        {
            await using var cmd = db.CreateCommand("EXPLAIN (ANALYZE, COSTS OFF) " + sql);
            cmd.Parameters.AddWithValue(OrderSearch.ContainsPattern(term));
            cmd.Parameters.AddWithValue(OrderSearch.ContainsPattern(term));
            var plan = new StringBuilder();
            await using (var r = await cmd.ExecuteReaderAsync()) while (await r.ReadAsync()) plan.AppendLine(r.GetString(0));
            output.WriteLine($"--- {term}\n{plan}");
            Assert.Contains("idx_orders_search_trgm", plan.ToString());
            Assert.DoesNotContain("Seq Scan", plan.ToString());
        }
    }
}
