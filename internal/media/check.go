package media

import (
	"archive/zip"
	"image"
	_ "image/gif" // registers DecodeConfig for the image types on the allow-list
	_ "image/jpeg"
	_ "image/png"
	"io"

	_ "golang.org/x/image/webp"
)

// Info is what Check learnt about an accepted file.
type Info struct {
	MediaType     string
	Class         Class
	Width, Height int // images
}

// Check sniffs a file and applies the limits: size per class, image dimensions read from
// the header with image.DecodeConfig (no pixel is decoded), and the declared sizes of a
// zip-based document's entries (nothing is decompressed). It returns ErrRejected, wrapped
// with the reason, for a file tizim must not keep or must not process.
func Check(r io.ReaderAt, size int64, lim Limits) (Info, error) {
	head := make([]byte, SniffLen)
	n, err := r.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return Info{}, err
	}
	if n == 0 {
		return Info{}, reject("the file is empty")
	}
	mt, class, err := Sniff(head[:n])
	if err != nil {
		return Info{}, err
	}
	info := Info{MediaType: mt, Class: class}
	if max := lim.Size[class]; max > 0 && size > max {
		return info, reject("%s of %d bytes is over the %d-byte limit for %s", mt, size, max, class)
	}
	switch {
	case class == Image && mt != "image/heic":
		cfg, _, err := image.DecodeConfig(io.NewSectionReader(r, 0, size))
		if err != nil {
			return info, reject("%s header cannot be read: %v", mt, err)
		}
		if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > lim.MaxSide || cfg.Height > lim.MaxSide ||
			int64(cfg.Width)*int64(cfg.Height) > lim.MaxPixels {
			return info, reject("image of %d×%d pixels is over the limit (a pixel bomb?)", cfg.Width, cfg.Height)
		}
		info.Width, info.Height = cfg.Width, cfg.Height
	case mt == "application/vnd.openxmlformats-officedocument" || mt == "application/vnd.oasis.opendocument":
		if err := checkZip(r, size, lim); err != nil {
			return info, err
		}
	}
	return info, nil
}

// checkZip reads only the central directory: the entry count and the sizes each entry
// declares. A reader of the document later will find no more than that, since archive/zip
// and office suites stop at the declared size.
func checkZip(r io.ReaderAt, size int64, lim Limits) error {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return reject("office document is not a readable zip: %v", err)
	}
	if len(zr.File) > lim.MaxEntries {
		return reject("office document has %d entries (limit %d)", len(zr.File), lim.MaxEntries)
	}
	var total int64
	for _, f := range zr.File {
		u, c := int64(f.UncompressedSize64), int64(f.CompressedSize64)
		if u < 0 || total+u > lim.MaxUnzipped || total+u < total {
			return reject("office document declares more than %d bytes uncompressed (a zip bomb?)", lim.MaxUnzipped)
		}
		if c > 0 && u/c > lim.MaxRatio && u > 1<<20 {
			return reject("office document entry %q compresses %d:1 (a zip bomb?)", f.Name, u/c)
		}
		total += u
	}
	return nil
}
