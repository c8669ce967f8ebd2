package archive

// SetStatsCountHook sets the function run at the start of every count of the public
// statistics, for the external tests; nil removes it.
func SetStatsCountHook(f func()) { statsCountHook = f }

// SetProjectMissHook sets the function told how many of a public search's hits had to be
// read from the records, for the external tests; nil removes it.
func SetProjectMissHook(f func(n int)) { projectMissHook = f }
