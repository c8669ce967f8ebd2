-- 0010 (ADR 0423): a person's hometown is a column of the persons table, beside its facility,
-- and neither is a row of links any more (see the SQLite migration of the same name).
alter table persons add column hometown bytea;
update persons set hometown = (select l.dst from links l where l.src = persons.id and l.rel = 'hometown');
delete from links where rel in ('hometown', 'facility') and src in (select id from records where kind = 'person');
-- The reference-data generation is counted by the store (Tx.refdataChanged), as on SQLite.
drop trigger refdata_insert on records;
drop trigger refdata_update on records;
drop trigger refdata_delete on records;
drop function tizim_refdata_bump();
