-- 0010 (ADR 0423): a person's hometown is a column of the persons table, beside its facility,
-- and neither is a row of links any more. A bulk import wrote two links rows a person (a
-- tenth of its time); no query looks persons up by these links on a hot path, and those
-- that may ask (Tx.LinkedFrom for a place or facility) read the persons columns instead.
-- links_dst holds every link again (it left these two out since migration 0009).
alter table persons add column hometown blob;
update persons set hometown = (select l.dst from links l where l.src = persons.id and l.rel = 'hometown');
delete from links where rel in ('hometown', 'facility') and src in (select id from records where kind = 'person');
drop index links_dst;
create index links_dst on links(dst, rel);
-- The reference-data generation (migration 0007) is counted by the store when it writes a
-- place or facility (Tx.refdataChanged), not by triggers: SQLite ran each trigger's program
-- for every record written, place or not (a twentieth of a bulk import).
drop trigger refdata_insert;
drop trigger refdata_update;
drop trigger refdata_delete;
