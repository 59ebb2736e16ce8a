namespace AmazingStore.Web.Payments;

public static class PaymentsModule
{
    public static void AddPayments(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        services.Configure<PaymentOptions>(config.GetSection("Payments"));
        services.PostConfigure<PaymentOptions>(o =>
            o.UnconfirmedCashExpiryMinutes = config.GetValue("Orders:UnconfirmedCashExpiryMinutes", o.UnconfirmedCashExpiryMinutes));
        services.AddSingleton<PaymentMethodCatalog>();
        services.AddSingleton<InvoiceLinks>();
        services.AddSingleton<OrderExpiryService>();
        services.AddHostedService(sp => sp.GetRequiredService<OrderExpiryService>());
    }

    public static void MapPayments(this WebApplication app) => app.MapPaymentsApi();
}
