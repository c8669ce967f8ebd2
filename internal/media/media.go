// Package media tells what an evidence file is and whether tizim accepts it: the media type
// by content sniffing against an allow-list, per-type size limits, and checks for
// decompression and pixel bombs made from headers before anything is decoded. It also makes
// metadata-scrubbed copies (images re-encoded with the standard library, video re-muxed by
// ffmpeg when installed) and reads technical metadata with ffprobe.
//
// It never trusts a file name or extension, never decodes an image before its dimensions
// are checked, never runs an external tool without a timeout and an output limit, and keeps
// nothing identifying (GPS, device, creation tags) in what Probe returns.
package media

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Class groups media types that share limits and handling.
type Class string

// The classes of accepted files.
const (
	Video    Class = "video"
	Audio    Class = "audio"
	Image    Class = "image"
	PDF      Class = "pdf"
	Document Class = "document" // office documents and plain text
)

// Limits are the largest accepted files per class and the image size cap.
type Limits struct {
	Size      map[Class]int64
	MaxPixels int64 // width × height
	MaxSide   int   // pixels on either side
	// Zip-based documents: the total uncompressed size and entry count their central
	// directory may declare, and the largest compression ratio.
	MaxUnzipped int64
	MaxEntries  int
	MaxRatio    int64
}

// DefaultLimits suit video appeals and scanned documents on a laptop.
func DefaultLimits() Limits {
	return Limits{
		Size: map[Class]int64{Video: 16 << 30, Audio: 2 << 30, Image: 200 << 20, PDF: 2 << 30, Document: 500 << 20},
		// 100 megapixels is a 40-megapixel camera image with room to spare.
		MaxPixels: 100_000_000, MaxSide: 30_000,
		MaxUnzipped: 2 << 30, MaxEntries: 20_000, MaxRatio: 200,
	}
}

// ErrRejected wraps every reason a file is refused.
var ErrRejected = errors.New("file not accepted")

func reject(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrRejected, fmt.Sprintf(format, a...))
}

// SniffLen is how many leading bytes Sniff needs.
const SniffLen = 4096

// Sniff returns the media type and class of a file from its first bytes (up to SniffLen),
// or ErrRejected for anything not on the allow-list.
func Sniff(head []byte) (string, Class, error) {
	if mt, c := sniffContainer(head); mt != "" {
		return mt, c, nil
	}
	mt := http.DetectContentType(head)
	if i := strings.IndexByte(mt, ';'); i >= 0 {
		mt = mt[:i]
	}
	switch mt {
	case "image/jpeg", "image/png", "image/gif", "image/webp":
		return mt, Image, nil
	case "video/mp4", "video/webm", "video/avi":
		return mt, Video, nil
	case "audio/mpeg", "audio/wave", "audio/aiff", "audio/basic", "audio/midi", "application/ogg":
		if mt == "application/ogg" {
			mt = "audio/ogg"
		}
		return mt, Audio, nil
	case "application/pdf":
		return mt, PDF, nil
	case "text/plain", "text/rtf":
		// Markup (SVG, XML, HTML fragments) can carry script; a transcript does not start
		// with a tag.
		if t := bytes.TrimLeft(head, " \t\r\n\ufeff"); len(t) > 0 && t[0] == '<' {
			return "", "", reject("markup is not on the allow-list")
		}
		return mt, Document, nil
	}
	return "", "", reject("type %s is not on the allow-list (video, audio, images, PDF, office documents)", mt)
}

// sniffContainer recognises what http.DetectContentType does not: ISO media brands (MOV,
// M4A, 3GP, HEIC), Matroska, FLAC, M4A, office documents (zip and the old OLE format).
func sniffContainer(h []byte) (string, Class) {
	if len(h) >= 12 && string(h[4:8]) == "ftyp" {
		switch brand := string(h[8:12]); {
		case brand == "qt  ":
			return "video/quicktime", Video
		case brand == "M4A " || brand == "M4B ":
			return "audio/mp4", Audio
		case strings.HasPrefix(brand, "3g"):
			return "video/3gpp", Video
		case brand == "heic" || brand == "heix" || brand == "mif1" || brand == "msf1":
			return "image/heic", Image
		default:
			return "video/mp4", Video
		}
	}
	switch {
	case bytes.HasPrefix(h, []byte{0x1a, 0x45, 0xdf, 0xa3}):
		if bytes.Contains(h[:min(len(h), 64)], []byte("webm")) {
			return "video/webm", Video
		}
		return "video/x-matroska", Video
	case bytes.HasPrefix(h, []byte("fLaC")):
		return "audio/flac", Audio
	case bytes.HasPrefix(h, []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}):
		return "application/x-ole-storage", Document // .doc, .xls, .ppt
	case bytes.HasPrefix(h, []byte("PK\x03\x04")):
		return sniffZip(h)
	case bytes.HasPrefix(h, []byte("{\\rtf")):
		return "text/rtf", Document
	}
	return "", ""
}

// sniffZip accepts a zip only when its first entries say it is an office document; any
// other archive is refused (it could hold anything).
func sniffZip(h []byte) (string, Class) {
	switch {
	case bytes.Contains(h, []byte("mimetypeapplication/vnd.oasis.opendocument.")):
		return "application/vnd.oasis.opendocument", Document
	case bytes.Contains(h, []byte("[Content_Types].xml")), bytes.Contains(h, []byte("word/")),
		bytes.Contains(h, []byte("xl/")), bytes.Contains(h, []byte("ppt/")), bytes.Contains(h, []byte("docProps/")):
		return "application/vnd.openxmlformats-officedocument", Document
	}
	return "", ""
}
