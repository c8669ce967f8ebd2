-- 0009 (ADR 0420): the index of links by destination leaves out the links of persons to
-- their hometown and their facility. A bulk import adds two such links per person, to one of
-- a few thousand places and facilities: each batch appended to the end of a few thousand
-- separate runs of this index, so its commit wrote a few thousand of the index's pages again
-- (a quarter of an import's time at 300,000 rows). No query looks these links up by
-- destination on a hot path; the store's queries that may ask for them read the table
-- instead (links_dst.go). The condition is written word for word in those queries: SQLite
-- uses a partial index only for a query whose WHERE clause contains its condition.
drop index links_dst;
create index links_dst on links(dst, rel) where rel not in ('hometown', 'facility');
