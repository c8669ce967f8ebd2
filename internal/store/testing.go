package store

import "context"

// ExecForTest runs raw SQL on the writer. Tests use it to play an insider who edits the
// database behind tizim's back; nothing else calls it.
func (s *Store) ExecForTest(ctx context.Context, q string, args ...any) error {
	_, err := s.w.ExecContext(ctx, s.d.rebind(q), args...)
	return err
}
