package media

import (
	"archive/zip"
	"bytes"
	"errors"
	"image"
	"image/png"
	"strings"
	"testing"
)

func TestSniff(t *testing.T) {
	for _, tc := range []struct {
		name, head, wantType string
		wantClass            Class
		ok                   bool
	}{
		{"mp4", "\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00", "video/mp4", Video, true},
		{"mov", "\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00", "video/quicktime", Video, true},
		{"m4a", "\x00\x00\x00\x18ftypM4A \x00\x00\x00\x00", "audio/mp4", Audio, true},
		{"heic", "\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", "image/heic", Image, true},
		{"mkv", "\x1a\x45\xdf\xa3\x01\x00\x00\x00matroska", "video/x-matroska", Video, true},
		{"pdf", "%PDF-1.7\n", "application/pdf", PDF, true},
		{"jpeg", "\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg", Image, true},
		{"mp3", "ID3\x03\x00\x00\x00\x00\x00\x00", "audio/mpeg", Audio, true},
		{"doc", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage", Document, true},
		{"docx", "PK\x03\x04\x14\x00\x00\x00\x08\x00[Content_Types].xml", "application/vnd.openxmlformats-officedocument", Document, true},
		{"text", "Transcript of the appeal", "text/plain", Document, true},
		{"plain zip", "PK\x03\x04\x14\x00\x00\x00\x08\x00evil.exe", "", "", false},
		{"elf", "\x7fELF\x02\x01\x01", "", "", false},
		{"html", "<!DOCTYPE html><script>", "", "", false},
		{"svg", "<svg xmlns=\"http://www.w3.org/2000/svg\">", "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mt, c, err := Sniff([]byte(tc.head))
			if (err == nil) != tc.ok || mt != tc.wantType || c != tc.wantClass {
				t.Errorf("got %q %q %v, want %q %q ok=%v", mt, c, err, tc.wantType, tc.wantClass, tc.ok)
			}
			if err != nil && !errors.Is(err, ErrRejected) {
				t.Errorf("got %v, want ErrRejected", err)
			}
		})
	}
}

func TestCheckLimits(t *testing.T) {
	lim := DefaultLimits()
	var big bytes.Buffer
	png.Encode(&big, image.NewGray(image.Rect(0, 0, 4000, 3000)))
	var zbomb bytes.Buffer
	zw := zip.NewWriter(&zbomb)
	w, _ := zw.Create("[Content_Types].xml")
	w.Write([]byte("<Types/>"))
	w, _ = zw.Create("word/document.xml")
	w.Write(bytes.Repeat([]byte{0}, 50<<20)) // 50 MiB of zeros: about 50 KiB compressed
	zw.Close()
	small := lim
	small.MaxPixels = 1_000_000
	for _, tc := range []struct {
		name string
		data []byte
		lim  Limits
		ok   bool
	}{
		{"12 MP under the default", big.Bytes(), lim, true},
		{"12 MP over a 1 MP limit", big.Bytes(), small, false},
		{"zip bomb", zbomb.Bytes(), lim, false},
		{"pdf over its size limit", []byte("%PDF-1.4\n" + strings.Repeat("x", 100)), Limits{Size: map[Class]int64{PDF: 50}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Check(bytes.NewReader(tc.data), int64(len(tc.data)), tc.lim)
			if (err == nil) != tc.ok {
				t.Errorf("got %v, want ok=%v", err, tc.ok)
			}
		})
	}
}

func FuzzSniffAndEXIF(f *testing.F) {
	f.Add([]byte("\xff\xd8\xff\xe1\x00\x10Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08"))
	f.Add([]byte("\x00\x00\x00\x18ftypmp42"))
	f.Fuzz(func(t *testing.T, b []byte) {
		Sniff(b)
		ReadEXIF(b)
		MetadataSegments(b)
		Check(bytes.NewReader(b), int64(len(b)), DefaultLimits())
	})
}
