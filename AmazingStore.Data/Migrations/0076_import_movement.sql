-- 0076_import_movement.sql — stock set by a catalog file import is its own kind of ledger row ('import'),
-- so the movements list tells a spreadsheet's change from an admin's hand adjustment.
-- The list keeps 'write_off' from 0065 (returns), built alongside.
ALTER TABLE inventory_movements DROP CONSTRAINT chk_inv_movements_type;
ALTER TABLE inventory_movements ADD CONSTRAINT chk_inv_movements_type
    CHECK (movement_type IN ('initial', 'adjustment', 'reserve', 'release', 'ship', 'return', 'write_off', 'sync', 'import'));
