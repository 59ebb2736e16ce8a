using System.Net;
using AmazingStore.Data;
using AmazingStore.Data.Inventory;
using AmazingStore.Tests.Bot;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Tests.Orders;
using Microsoft.Extensions.DependencyInjection;
using static AmazingStore.Tests.Bot.BotTestKit;

namespace AmazingStore.Tests.Reports;

public sealed class LowStockAlertTests
{
    [Fact]
    public async Task The_owner_is_told_once_per_crossing_below_the_minimum_and_the_restock_button_re_arms_it()
    {
        await using var fake = await FakeBotApi.StartAsync();
        // The default minimum comes from configuration: 4 here.
        await using var host = await StoreHost.StartAsync(Settings(fake, ("Telegram:LowStockAlertDefault", "4")));
        for (var i = 0; i < 100 && await host.ScalarAsync<string>("SELECT value FROM bot_state WHERE key = 'low_stock_default'") != "4"; i++)
            await Task.Delay(100);
        var kettle = await AddProductAsync(host, "LS-1", 7);

        await PlaceOrderAsync(host, kettle, quantity: 2); // 5: at/above 4, nothing
        await PlaceOrderAsync(host, kettle, quantity: 2); // 3: crossed below — one alert
        await PlaceOrderAsync(host, kettle, quantity: 1); // 2: still below — nothing more
        await PlaceOrderAsync(host, kettle, quantity: 1); // 1
        await fake.WaitForAsync(_ => fake.Sent(OwnerChatId).Any(IsAlert), TimeSpan.FromSeconds(10), "the alert");
        await Task.Delay(500); // room for a second alert to show up
        var alert = Assert.Single(fake.Sent(OwnerChatId), IsAlert);
        Assert.Contains("<code>LS-1</code>", Text(alert));
        // The figures as they are when the message goes (later sales may have lowered them further).
        Assert.Matches(@"Доступно: <b>[1-3]</b> \(минимум 4\)", Text(alert));
        var restock = Buttons(alert).Select(b => b["callback_data"]!.GetValue<string>()).ToList();
        Assert.Equal([$"rs:{kettle}:10:4", $"rs:{kettle}:50:4"], restock);

        // The owner restocks from the alert: through the ledger, the message redrawn.
        await PostAsync(host, Button(AdminId, restock[0], alert.MessageId!.Value, language: "ru"));
        await WaitHandledAsync(host, 1);
        var figures = await Shop.FiguresAsync(host, kettle);
        Assert.Equal((17, 6, 11), (figures.Quantity, figures.Reserved, figures.Available));
        Assert.Equal(1L, await host.ScalarAsync<long>(
            "SELECT count(*) FROM inventory_movements WHERE product_id = $1 AND movement_type = 'adjustment' AND quantity_change = 10 AND reference_type = 'bot'", kettle));
        var edit = Assert.Single(fake.Calls, c => c.Method == "editMessageText");
        Assert.Contains("Доступно: <b>11</b>", Text(edit));
        await Shop.AssertReconcilesAsync(host);

        // Back above the minimum, the alert is armed again: the next crossing is told, once.
        await PlaceOrderAsync(host, kettle, quantity: 8); // 3
        await PlaceOrderAsync(host, kettle, quantity: 1); // 2
        await fake.WaitForAsync(_ => fake.Sent(OwnerChatId).Count(IsAlert) >= 2, TimeSpan.FromSeconds(10), "the second alert");
        await Task.Delay(500);
        Assert.Equal(2, fake.Sent(OwnerChatId).Count(IsAlert));
        Assert.Equal(2L, await host.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE type = 'telegram.low_stock'"));
    }

    [Fact]
    public async Task A_products_own_minimum_overrides_the_default_and_zero_turns_its_alert_off()
    {
        await using var fake = await FakeBotApi.StartAsync();
        await using var host = await StoreHost.StartAsync(Settings(fake));
        var big = await AddProductAsync(host, "LS-BIG", 30);
        var off = await AddProductAsync(host, "LS-OFF", 3);
        var (status, body) = await Shop.AsAsync(host, AdminId, HttpMethod.Put, $"/api/admin/products/{big}/min-stock", new { min_stock = 25 });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((25, 25), (body.GetProperty("min_stock").GetInt32(), body.GetProperty("effective_min_stock").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, (await Shop.AsAsync(host, AdminId, HttpMethod.Put, $"/api/admin/products/{off}/min-stock", new { min_stock = 0 })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Shop.AsAsync(host, AdminId, HttpMethod.Put, $"/api/admin/products/{off}/min-stock", new { min_stock = -1 })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Shop.AsAsync(host, AdminId, HttpMethod.Put, "/api/admin/products/999999/min-stock", new { min_stock = 1 })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Shop.AsAsync(host, CustomerId, HttpMethod.Put, $"/api/admin/products/{off}/min-stock", new { min_stock = 1 })).Status);

        await PlaceOrderAsync(host, big, quantity: 6);  // 24 < 25: alert, although far above the default 5
        await PlaceOrderAsync(host, off, quantity: 3);  // 0, but its minimum is 0: no alert
        // A manual stock change that crosses is told the same way.
        using (var scope = host.Services.CreateScope())
            Assert.True((await StockLedger.AdjustAsync(scope.ServiceProvider.GetRequiredService<StoreDb>(), big, -1, null,
                new LedgerReference("test", null, null, null), CancellationToken.None)).Ok); // 23: still below, nothing
        await fake.WaitForAsync(_ => fake.Sent(OwnerChatId).Any(IsAlert), TimeSpan.FromSeconds(10), "the alert");
        await Task.Delay(500);
        var alert = Assert.Single(fake.Sent(OwnerChatId), IsAlert);
        Assert.Contains("LS-BIG", Text(alert));
        Assert.Contains("(минимум 25)", Text(alert));
    }

    private static bool IsAlert(FakeBotApi.Call c) => Text(c).Contains("Заканчивается");
}
