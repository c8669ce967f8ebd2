package names

import "testing"

// TestBMPScriptTable checks the rune→script table against the range-table loop it
// replaces, for every rune of the Basic Multilingual Plane.
func TestBMPScriptTable(t *testing.T) {
	for r := rune(0x80); r < 0x10000; r++ {
		gs, gi := runeScriptIndex(r)
		ws, wi := runeScriptIndexSlow(r)
		if gs != ws || gi != wi {
			t.Fatalf("U+%04X: table says %q %d, the range tables %q %d", r, gs, gi, ws, wi)
		}
	}
	for r := rune(0); r < 0x80; r++ {
		gs, _ := runeScriptIndex(r)
		if want := map[bool]string{true: "Latn", false: ""}['a' <= r && r <= 'z' || 'A' <= r && r <= 'Z']; gs != want {
			t.Fatalf("%q: %q", r, gs)
		}
	}
}
