package store

// Looking links up by destination (ADR 0420). The links_dst index holds every link but a
// person's "hometown" and "facility" links on SQLite (migration 0009): with them, every
// batch of a bulk import rewrote a few thousand of the index's pages. SQLite uses a partial
// index only for a query whose WHERE clause contains the index's condition word for word, so
// every query here that looks links up by dst for relations the index holds adds
// linksDstIndexed to its WHERE clause; one that asks for "hometown" or "facility" (or for
// every relation) reads the table for those, as a scan — correct, and slow at a million
// persons, which is why no hot path asks. The results are the same on both engines:
// PostgreSQL's index holds every link and the extra condition changes nothing there.
// TestLinksByDst checks each query's plan.

// linksDstIndexed is the condition of the links_dst index, as migration 0009 writes it.
const linksDstIndexed = `rel not in ('hometown', 'facility')`

// linksDstLeftOut are the relations the index leaves out.
var linksDstLeftOut = map[string]bool{"hometown": true, "facility": true}

// dstIndexed returns " and <alias>rel not in (…)" when links_dst holds every one of rels,
// for the query to use the index, and "" when one of them is left out of it.
func dstIndexed(alias string, rels ...string) string {
	for _, r := range rels {
		if linksDstLeftOut[r] {
			return ""
		}
	}
	return " and " + alias + linksDstIndexed
}
