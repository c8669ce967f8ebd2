package store

import "context"

// ExecForTest runs raw SQL on the writer. Tests use it to play an insider who edits the
// database behind tizim's back; nothing else calls it.
func (s *Store) ExecForTest(ctx context.Context, q string, args ...any) error {
	_, err := s.w.ExecContext(ctx, s.d.rebind(q), args...)
	return err
}

// RawRowsForTest returns the stored bytes of every record and version row (data and sealed
// part), for tests that prove nothing confidential is stored in the clear.
func (s *Store) RawRowsForTest(ctx context.Context) ([][]byte, error) {
	var out [][]byte
	for _, q := range []string{`select data, secret from records`, `select data, secret from versions`} {
		rows, err := s.r.QueryContext(ctx, q)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var data string
			var sealed []byte
			if err := rows.Scan(&data, &sealed); err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, append([]byte(data), sealed...))
		}
		rows.Close()
	}
	return out, nil
}

// CountForTest runs a raw query that returns one number, for tests that look at derived rows.
func (s *Store) CountForTest(ctx context.Context, q string, args ...any) (int64, error) {
	var n int64
	err := s.r.QueryRowContext(ctx, s.d.rebind(q), args...).Scan(&n)
	return n, err
}
