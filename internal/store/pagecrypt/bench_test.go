package pagecrypt

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
)

// BenchmarkInsertWAL: the archive writer's pattern — WAL, 16 KiB pages, synchronous=full,
// page checksums — inserting 50,000 rows of a 500-byte blob, a name and an index on it, in
// transactions of 1,000, through ncruces' VFS and through this one. One op is the whole
// load into a new file, the automatic checkpoints included.
func BenchmarkInsertWAL(b *testing.B) {
	const rows, perTx = 50000, 1000
	for _, v := range []string{ncruces, Name} {
		b.Run(v, func(b *testing.B) {
			rng := rand.New(rand.NewPCG(3, 4))
			blob := make([]byte, 500)
			for i := range b.N {
				b.StopTimer()
				c := openConn(b, v, filepath.Join(b.TempDir(), fmt.Sprintf("b%d.db", i)), testHexKey, true)
				exec(b, c, "create table t(id integer primary key, name text not null, v blob not null)")
				exec(b, c, "create index t_name on t(name)")
				st, _, err := c.Prepare("insert into t(name, v) values (?, ?)")
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				for r := range rows {
					if r%perTx == 0 {
						exec(b, c, "begin")
					}
					for j := range blob {
						blob[j] = byte(rng.Uint32())
					}
					st.BindText(1, fmt.Sprintf("name %08x", rng.Uint32()))
					st.BindBlob(2, blob)
					if err := st.Exec(); err != nil {
						b.Fatal(err)
					}
					if r%perTx == perTx-1 {
						exec(b, c, "commit")
					}
				}
				b.StopTimer()
				st.Close()
				c.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
