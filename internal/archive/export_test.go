package archive

// SetStatsCountHook sets the function run at the start of every count of the public
// statistics, for the external tests; nil removes it.
func SetStatsCountHook(f func()) { statsCountHook = f }
