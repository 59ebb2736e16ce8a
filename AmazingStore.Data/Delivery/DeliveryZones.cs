using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AmazingStore.Data.Delivery;

/// <summary>
/// The zones' queries, for the public list, the admin and checkout. Checkout's rule: no active zone
/// at all = delivery is free as before zones existed; otherwise the customer picks a zone or pickup.
/// </summary>
public static class DeliveryZones
{
    public static Task<List<DeliveryZone>> ActiveAsync(StoreDb db, CancellationToken ct) =>
        db.Set<DeliveryZone>().AsNoTracking().Where(z => z.IsActive).OrderBy(z => z.SortOrder).ThenBy(z => z.Id).ToListAsync(ct);

    public static Task<List<DeliveryZone>> AllAsync(StoreDb db, CancellationToken ct) =>
        db.Set<DeliveryZone>().AsNoTracking().OrderBy(z => z.SortOrder).ThenBy(z => z.Id).ToListAsync(ct);

    /// <summary>The active zones' checkout fields, in the order the customer sees them (for <see cref="DeliveryZoneCache"/>).</summary>
    public static async Task<IReadOnlyList<DeliveryZone>> ReadActiveAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var active = new List<DeliveryZone>();
        await using var cmd = dataSource.CreateCommand(
            "SELECT id, fee, free_from, is_pickup FROM delivery_zones WHERE is_active ORDER BY sort_order, id");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            active.Add(new DeliveryZone { Id = r.GetInt32(0), Fee = r.GetDecimal(1), FreeFrom = r.IsDBNull(2) ? null : r.GetDecimal(2), IsPickup = r.GetBoolean(3) });
        return active;
    }

    /// <summary>
    /// What an app checkout is charged for delivery, given the active zones. Null zone and no pickup: free when no
    /// zone is active, else <see cref="Choice.Required"/>. Pickup without a zone: the first active pickup zone,
    /// or free pickup when none is defined.
    /// </summary>
    public static Choice Choose(IReadOnlyList<DeliveryZone> active, int? zoneId, bool pickup, DateTime? date)
    {
        if (zoneId is { } id)
        {
            var zone = active.FirstOrDefault(z => z.Id == id);
            if (zone is null || (pickup && !zone.IsPickup)) return new Choice.UnknownZone();
            return new Choice.Charged(DeliveryCharge.Of(zone, date));
        }
        if (pickup)
        {
            var point = active.FirstOrDefault(z => z.IsPickup);
            return new Choice.Charged(point is null ? new DeliveryCharge(null, 0, null, true, date) : DeliveryCharge.Of(point, date));
        }
        if (active.Count > 0) return new Choice.Required();
        return new Choice.Charged(date is null ? null : new DeliveryCharge(null, 0, null, false, date));
    }

    public abstract record Choice
    {
        private Choice() { }

        /// <summary>Charge null: nothing chosen and nothing to choose (free, as before zones).</summary>
        public sealed record Charged(DeliveryCharge? Charge) : Choice;

        public sealed record UnknownZone : Choice;

        public sealed record Required : Choice;
    }
}
