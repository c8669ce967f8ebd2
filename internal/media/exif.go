package media

import (
	"bytes"
	"encoding/binary"
	"strconv"
)

// EXIF is what ReadEXIF found in a JPEG's APP1 segment: enough to orient a photo and for
// tests to prove that a scrubbed copy carries nothing.
type EXIF struct {
	Present     bool
	Orientation int
	GPS         bool     // a GPS IFD pointer (tag 0x8825)
	Make, Model string   // camera maker and model
	Tags        []uint16 // every IFD0 tag
}

// MetadataSegments lists the JPEG segments that can carry metadata, by marker name:
// APP0…APP15 (EXIF, XMP, ICC, IPTC, maker data) and COM. A scrubbed JPEG has APP0 (JFIF) at
// most.
func MetadataSegments(jpg []byte) []string {
	var out []string
	for _, s := range segments(jpg) {
		switch {
		case s.marker >= 0xe0 && s.marker <= 0xef:
			out = append(out, "APP"+strconv.Itoa(int(s.marker-0xe0)))
		case s.marker == 0xfe:
			out = append(out, "COM")
		}
	}
	return out
}

type segment struct {
	marker byte
	data   []byte
}

// segments walks the markers before the image data (SOS).
func segments(b []byte) []segment {
	var out []segment
	if len(b) < 4 || b[0] != 0xff || b[1] != 0xd8 {
		return nil
	}
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xff {
			return out
		}
		m := b[i+1]
		if m == 0xd8 || m == 0x01 || (m >= 0xd0 && m <= 0xd7) {
			i += 2
			continue
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 || i+2+n > len(b) {
			return out
		}
		out = append(out, segment{m, b[i+4 : i+2+n]})
		if m == 0xda { // start of scan: metadata comes before it
			return out
		}
		i += 2 + n
	}
	return out
}

// ReadEXIF parses the EXIF block of a JPEG (IFD0 only, which holds orientation, maker,
// model and the GPS pointer). Malformed data yields what could be read.
func ReadEXIF(jpg []byte) EXIF {
	var e EXIF
	for _, s := range segments(jpg) {
		if s.marker != 0xe1 || !bytes.HasPrefix(s.data, []byte("Exif\x00\x00")) {
			continue
		}
		e.Present = true
		t := s.data[6:]
		if len(t) < 8 {
			return e
		}
		var bo binary.ByteOrder = binary.BigEndian
		if string(t[:2]) == "II" {
			bo = binary.LittleEndian
		}
		off := int(bo.Uint32(t[4:]))
		if off+2 > len(t) {
			return e
		}
		n := int(bo.Uint16(t[off:]))
		for i := 0; i < n; i++ {
			p := off + 2 + 12*i
			if p+12 > len(t) {
				break
			}
			tag, typ, count := bo.Uint16(t[p:]), bo.Uint16(t[p+2:]), int(bo.Uint32(t[p+4:]))
			e.Tags = append(e.Tags, tag)
			switch tag {
			case 0x0112:
				e.Orientation = int(bo.Uint16(t[p+8:]))
			case 0x8825:
				e.GPS = true
			case 0x010f, 0x0110:
				if typ != 2 {
					continue
				}
				var v []byte
				if count <= 4 {
					v = t[p+8 : p+8+count]
				} else if vo := int(bo.Uint32(t[p+8:])); vo+count <= len(t) {
					v = t[vo : vo+count]
				}
				str := string(bytes.TrimRight(v, "\x00"))
				if tag == 0x010f {
					e.Make = str
				} else {
					e.Model = str
				}
			}
		}
	}
	return e
}
