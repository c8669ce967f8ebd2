package media

import (
	"bytes"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"

	"golang.org/x/image/webp"
)

// ScrubImage decodes an image that Check accepted and encodes its pixels again, so that
// nothing but pixels survives: no EXIF (GPS, camera serial, dates), XMP, IPTC, ICC profile,
// comments or embedded thumbnails. JPEG stays JPEG (quality 92), PNG stays PNG, GIF keeps its
// frames, WebP becomes PNG. The EXIF orientation of a JPEG is applied to the pixels first,
// so the copy looks the way the camera showed it. It returns the new bytes and media type.
func ScrubImage(r io.Reader, mediaType string) ([]byte, string, error) {
	var buf bytes.Buffer
	switch mediaType {
	case "image/jpeg":
		raw, err := io.ReadAll(r)
		if err != nil {
			return nil, "", err
		}
		img, err := jpeg.Decode(bytes.NewReader(raw))
		if err != nil {
			return nil, "", fmt.Errorf("decoding JPEG: %w", err)
		}
		img = orient(img, ReadEXIF(raw).Orientation)
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 92}); err != nil {
			return nil, "", err
		}
		return buf.Bytes(), mediaType, nil
	case "image/png":
		img, err := png.Decode(r)
		if err != nil {
			return nil, "", fmt.Errorf("decoding PNG: %w", err)
		}
		if err := png.Encode(&buf, img); err != nil {
			return nil, "", err
		}
		return buf.Bytes(), mediaType, nil
	case "image/gif":
		g, err := gif.DecodeAll(r)
		if err != nil {
			return nil, "", fmt.Errorf("decoding GIF: %w", err)
		}
		// Only frames, delays, disposal and the palette are kept; comment and application
		// extensions are not written by EncodeAll.
		clean := &gif.GIF{Image: g.Image, Delay: g.Delay, Disposal: g.Disposal, LoopCount: g.LoopCount,
			Config: g.Config, BackgroundIndex: g.BackgroundIndex}
		if err := gif.EncodeAll(&buf, clean); err != nil {
			return nil, "", err
		}
		return buf.Bytes(), mediaType, nil
	case "image/webp":
		img, err := webp.Decode(r)
		if err != nil {
			return nil, "", fmt.Errorf("decoding WebP: %w", err)
		}
		if err := png.Encode(&buf, img); err != nil {
			return nil, "", err
		}
		return buf.Bytes(), "image/png", nil
	}
	return nil, "", fmt.Errorf("%s cannot be scrubbed by tizim yet", mediaType)
}

// orient applies an EXIF orientation (1–8) to img.
func orient(img image.Image, o int) image.Image {
	if o <= 1 || o > 8 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	ow, oh := w, h
	if o >= 5 {
		ow, oh = h, w
	}
	out := image.NewRGBA(image.Rect(0, 0, ow, oh))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var nx, ny int
			switch o {
			case 2:
				nx, ny = w-1-x, y
			case 3:
				nx, ny = w-1-x, h-1-y
			case 4:
				nx, ny = x, h-1-y
			case 5:
				nx, ny = y, x
			case 6:
				nx, ny = h-1-y, x
			case 7:
				nx, ny = h-1-y, w-1-x
			case 8:
				nx, ny = y, w-1-x
			}
			out.Set(nx, ny, img.At(b.Min.X+x, b.Min.Y+y))
		}
	}
	return out
}
