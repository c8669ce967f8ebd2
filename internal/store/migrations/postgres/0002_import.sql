-- tizim schema step 2 (PostgreSQL): import runs, the duplicate review queue, undoable merges.

-- One row per import of one file with one mapping and options; a batch commits its rows
-- and the run's progress in the same transaction, so a crash never splits them.
create table import_runs (
  id          text primary key,           -- SHA-256 of the file, the mapping and the options
  file        text not null,
  actor       text not null,
  started_at  bigint not null,
  updated_at  bigint not null,
  finished_at bigint not null default 0,
  phase       bigint not null default 1, -- 1 persons/records, 2 relations/consents
  rows_done   bigint not null default 0, -- last row of the phase committed
  created     bigint not null default 0,
  updated     bigint not null default 0,
  unchanged   bigint not null default 0,
  skipped     bigint not null default 0
);

-- Likely duplicates found by the name engine, for an editor to merge or separate.
create table review_queue (
  a          bytea not null,
  b          bytea not null,
  score      double precision not null,
  reasons    text not null,
  origin     text not null default '',
  status     text not null default 'open', -- open, merged, separated
  created_at bigint not null,
  decided_at bigint not null default 0,
  decided_by text not null default '',
  primary key (a, b)
);
create index review_queue_status on review_queue(status, score);

-- A merge of person `merged` into `kept`, with what is needed to undo it.
create table merges (
  id           bytea primary key,
  kept         bytea not null,
  merged       bytea not null,
  kept_version bigint not null, -- kept's version before the merge
  moved        text not null,    -- JSON: ids of the records changed to point at kept
  at           bigint not null,
  by_actor     text not null,
  undone_at    bigint not null default 0,
  undone_by    text not null default ''
);
create index merges_kept on merges(kept);
