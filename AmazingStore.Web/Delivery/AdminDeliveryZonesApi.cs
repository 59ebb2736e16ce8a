using AmazingStore.Data;
using AmazingStore.Data.Delivery;
using AmazingStore.Web.Admin;
using AmazingStore.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AmazingStore.Web.Delivery;

/// <summary>
/// Admin CRUD of delivery zones. DELETE deactivates: orders keep pointing at the zone they were placed
/// for, and their fee stays what it was then.
/// </summary>
public static class AdminDeliveryZonesApi
{
    public static void MapAdminDeliveryZones(this RouteGroupBuilder admin)
    {
        var api = admin.MapGroup("/delivery-zones").WithTags("Admin: delivery");
        // This instance's checkout sees a change at once; the others hear of it through 0088's NOTIFY.
        api.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            if (!HttpMethods.IsGet(context.HttpContext.Request.Method))
                context.HttpContext.RequestServices.GetRequiredService<DeliveryZoneCache>().Clear();
            return result;
        });
        api.MapGet("/", List).WithName("AdminListDeliveryZones");
        api.MapPost("/", Create).WithName("AdminCreateDeliveryZone");
        api.MapPut("/{id:int}", Update).WithName("AdminUpdateDeliveryZone");
        api.MapDelete("/{id:int}", Delete).WithName("AdminDeleteDeliveryZone");
    }

    private static async Task<Ok<ItemsReply<AdminDeliveryZoneReply>>> List(StoreDb db, CancellationToken ct) =>
        TypedResults.Ok(new ItemsReply<AdminDeliveryZoneReply>((await DeliveryZones.AllAsync(db, ct)).Select(AdminDeliveryZoneReply.From).ToList()));

    private static async Task<Results<Created<AdminDeliveryZoneReply>, ProblemHttpResult>> Create(DeliveryZoneRequest body, StoreDb db, CancellationToken ct)
    {
        if (Validate(body) is { } problem) return problem;
        var z = new DeliveryZone();
        Apply(z, body);
        db.Add(z);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/admin/delivery-zones/{z.Id}", AdminDeliveryZoneReply.From(z));
    }

    private static async Task<Results<Ok<AdminDeliveryZoneReply>, ProblemHttpResult>> Update(int id, DeliveryZoneRequest body, StoreDb db, CancellationToken ct)
    {
        var z = await db.Set<DeliveryZone>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (z is null) return Problems.NotFound("Delivery zone " + id);
        if (Validate(body) is { } problem) return problem;
        Apply(z, body);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(AdminDeliveryZoneReply.From(z));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(int id, StoreDb db, CancellationToken ct) =>
        await db.Set<DeliveryZone>().Where(z => z.Id == id).ExecuteUpdateAsync(s => s.SetProperty(z => z.IsActive, false), ct) > 0
            ? TypedResults.NoContent() : Problems.NotFound("Delivery zone " + id);

    private static void Apply(DeliveryZone z, DeliveryZoneRequest r)
    {
        z.NameUz = r.NameUz!.Trim();
        z.NameRu = string.IsNullOrWhiteSpace(r.NameRu) ? null : r.NameRu.Trim();
        z.Fee = r.Fee ?? 0;
        z.FreeFrom = r.FreeFrom;
        z.IsPickup = r.IsPickup ?? false;
        z.IsActive = r.IsActive ?? true;
        z.SortOrder = r.SortOrder ?? 0;
    }

    private static ProblemHttpResult? Validate(DeliveryZoneRequest r)
    {
        var v = new Validation();
        v.Required("name_uz", r.NameUz, 255);
        v.Text("name_ru", r.NameRu, 255);
        v.Money("fee", r.Fee);
        v.Money("free_from", r.FreeFrom);
        v.Range("sort_order", r.SortOrder, -1_000_000, 1_000_000);
        return v.Ok ? null : Problems.Validation(v.Errors);
    }
}
