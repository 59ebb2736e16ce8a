using System.Diagnostics;

namespace AmazingStore.Bench;

/// <summary>Matches each placed order to the owner message that names it and reports the delay.</summary>
public static class NotificationLatency
{
    public static async Task<Dictionary<string, double>> MeasureAsync(FakeBotApi bot, List<(long StartTimestamp, string OrderNumber)> placed, TimeSpan grace)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(grace.TotalSeconds * Stopwatch.Frequency);
        List<double> latencies;
        int missing;
        do
        {
            latencies = [];
            missing = 0;
            var messages = bot.Messages.ToArray();
            foreach (var (start, number) in placed)
            {
                var hit = messages.FirstOrDefault(m => m.Text.Contains(number));
                if (hit.Text is null) missing++;
                else latencies.Add(Stopwatch.GetElapsedTime(start, hit.Timestamp).TotalMilliseconds);
            }
            if (missing == 0) break;
            await Task.Delay(100);
        } while (Stopwatch.GetTimestamp() < deadline);
        latencies.Sort();
        return new()
        {
            ["orders"] = placed.Count,
            ["missing"] = missing,
            ["p50_ms"] = CheckoutLoad.Percentile(latencies, 50),
            ["p99_ms"] = CheckoutLoad.Percentile(latencies, 99),
        };
    }
}
