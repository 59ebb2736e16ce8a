using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace AmazingStore.Bench;

/// <summary>
/// Issue 19's catalog file target: a 10,000-row CSV imported in one transaction in under 10 s, three ways —
/// every row new (10,000 products and their opening stock through the ledger), the same file again (nothing
/// to change), and every row changed (prices and stock: 10,000 ledger movements and one marketplace push).
/// </summary>
public static class CatalogImportScenario
{
    public const int Rows = 10_000;
    private const string Header = "sku,barcode,name_uz,name_ru,description_uz,description_ru,category_id,price,sale_price,cost_price,stock,min_stock,is_active,image_url";

    public static string Csv(int priceShift, int stockShift)
    {
        var sb = new StringBuilder(Rows * 260).Append(Header).Append("\r\n");
        for (var i = 1; i <= Rows; i++)
        {
            var price = 10_000 + i * 7 + priceShift;
            sb.Append(CultureInfo.InvariantCulture, $"IMP-{i:D6},479{i:D10},Import mahsulot {i},\"Товар импорта {i}, новый\",")
              .Append("Paxta mato; o'lchamlar S-XXL. Yuvishda 30 darajadan oshmasin,")
              .Append("Хлопок; размеры S-XXL. Стирка не выше 30 градусов,")
              .Append(CultureInfo.InvariantCulture, $",{price}.50,{(i % 4 == 0 ? (price - 1000).ToString(CultureInfo.InvariantCulture) : "")},{price / 2},{(i + stockShift) % 60},3,true,https://cdn.example.uz/p/{i}.jpg\r\n");
        }
        return sb.ToString();
    }

    public static async Task<List<Scenario>> RunAsync(string storeUrl, string adminInitData, Action<string> log)
    {
        using var http = new HttpClient { BaseAddress = new Uri(storeUrl), Timeout = TimeSpan.FromMinutes(2) };
        var list = new List<Scenario>();
        foreach (var (name, csv, expect) in new[]
        {
            ("10,000 new rows", Csv(0, 0), "created"),
            ("the same 10,000 rows again", Csv(0, 0), "unchanged"),
            ("10,000 rows, price and stock changed", Csv(500, 7), "updated"),
        })
        {
            using var req = new HttpRequestMessage(HttpMethod.Post, "/api/admin/products/import")
            {
                Content = new StringContent(csv, Encoding.UTF8, "text/csv"),
            };
            req.Headers.Authorization = new AuthenticationHeaderValue("tma", adminInitData);
            var sw = Stopwatch.StartNew();
            using var reply = await http.SendAsync(req);
            var seconds = sw.Elapsed.TotalSeconds;
            var body = await reply.Content.ReadAsStringAsync();
            var count = reply.IsSuccessStatusCode ? JsonDocument.Parse(body).RootElement.GetProperty(expect).GetInt32() : -1;
            log($"  import {name}: {(int)reply.StatusCode} in {seconds:0.00} s ({expect} {count})");
            list.Add(new Scenario($"catalog import: {name} (CSV {csv.Length / 1024 / 1024.0:0.0} MB)",
                new() { ["seconds"] = seconds, ["rows_s"] = Rows / seconds, [expect] = count }, null, null, $"< 10 s, {expect} = {Rows}",
                seconds < 10 && count == Rows, reply.IsSuccessStatusCode ? null : body[..Math.Min(body.Length, 300)]));
        }
        return list;
    }
}
