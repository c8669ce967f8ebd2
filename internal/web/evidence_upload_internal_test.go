package web

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestUploadName checks that a browser-sent file name keeps only its last element and stays
// valid UTF-8 when cut; it is a title, never a path.
func TestUploadName(t *testing.T) {
	for in, want := range map[string]string{
		"appeal.mp4":                "appeal.mp4",
		`C:\Users\aygul\appeal.mp4`: "appeal.mp4",
		"../../etc/passwd":          "passwd",
		"dir/":                      "upload",
		"..":                        "upload",
		"  ":                        "upload",
		"ئانامنىڭ مۇراجىئىتى.mp4": "ئانامنىڭ مۇراجىئىتى.mp4",
	} {
		if got := uploadName(in); got != want {
			t.Errorf("uploadName(%q) = %q, want %q", in, got, want)
		}
	}
	long := uploadName(strings.Repeat("ә", 200))
	if len(long) > 255 || !utf8.ValidString(long) {
		t.Errorf("long name: %d bytes, valid %v", len(long), utf8.ValidString(long))
	}
}
