using AmazingStore.Data.Orders;
using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace AmazingStore.Web.Payments;

/// <summary>
/// Which payment methods this store offers: cash always; card with a provider token, Stars when enabled with
/// a rate — both only with a bot, which issues the invoices. Checkout refuses the rest and the Mini App shows
/// only these (GET /api/payment-methods).
/// </summary>
public sealed class PaymentMethodCatalog(IOptions<PaymentOptions> options, IServiceProvider services)
{
    public IReadOnlyList<string> Available
    {
        get
        {
            var o = options.Value;
            var bot = services.GetService<ITelegramBotClient>() is not null;
            var list = new List<string> { PaymentMethods.Cash };
            if (bot && !string.IsNullOrWhiteSpace(o.ProviderToken)) list.Add(PaymentMethods.Card);
            if (bot && o.StarsEnabled && o.UzsPerStar > 0) list.Add(PaymentMethods.Stars);
            return list;
        }
    }

    public bool IsAvailable(string method) => Available.Contains(method);
}
