-- Found by the checkout benchmark: with thousands of delivered rows, the planner guessed that due
-- rows were spread evenly by id and walked the primary key (or this older index over every type)
-- past all of them on each claim (9-24 ms a claim). The claim now reads ix_outbox_messages_due
-- (type, id); this index only offered it a worse path.
DROP INDEX IF EXISTS idx_outbox_due;
-- Which statuses occur with which type (all push rows done, many owner notifications pending):
-- without it the planner multiplies the two fractions and misjudges both.
CREATE STATISTICS IF NOT EXISTS outbox_messages_type_status (mcv) ON type, status FROM outbox_messages;
