package media

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"time"
)

// Tools are the external programs media uses when they are installed; an empty path means
// absent, and what needs it is skipped with a clear message.
type Tools struct {
	FFprobe, FFmpeg string
	Timeout         time.Duration // per run of ffprobe; ffmpeg gets ten times as long
}

// LookTools finds ffprobe and ffmpeg on PATH.
func LookTools() Tools {
	t := Tools{Timeout: 60 * time.Second}
	t.FFprobe, _ = exec.LookPath("ffprobe")
	t.FFmpeg, _ = exec.LookPath("ffmpeg")
	return t
}

// ErrNoTool is returned when the program a step needs is not installed.
var ErrNoTool = errors.New("not installed")

// probeOutputLimit caps what ffprobe may print; a hostile file must not make us buffer
// without bound.
const probeOutputLimit = 1 << 20

// Probe is the technical metadata of an audio or video file. It holds no tags: ffprobe's
// tags carry GPS positions, device makers and models, and creation times.
type Probe struct {
	Format   string        `json:"format"`
	Duration float64       `json:"duration_s,omitempty"`
	BitRate  int64         `json:"bit_rate,omitempty"`
	Streams  []ProbeStream `json:"streams"`
}

// ProbeStream is one stream of a probed file.
type ProbeStream struct {
	Type       string `json:"type"`
	Codec      string `json:"codec"`
	Width      int    `json:"width,omitempty"`
	Height     int    `json:"height,omitempty"`
	SampleRate int    `json:"sample_rate,omitempty"`
	Channels   int    `json:"channels,omitempty"`
}

// Probe runs ffprobe on the file at path, with a timeout and an output limit.
func (t Tools) Probe(ctx context.Context, path string) (*Probe, error) {
	if t.FFprobe == "" {
		return nil, fmt.Errorf("ffprobe: %w", ErrNoTool)
	}
	ctx, cancel := context.WithTimeout(ctx, t.timeout())
	defer cancel()
	cmd := exec.CommandContext(ctx, t.FFprobe, "-hide_banner", "-v", "error", "-print_format", "json",
		"-show_format", "-show_streams", "--", path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &limitedBuffer{b: &stderr, n: 4096}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	raw, rerr := io.ReadAll(io.LimitReader(out, probeOutputLimit))
	io.Copy(io.Discard, out)
	if err := cmd.Wait(); err != nil {
		return nil, fmt.Errorf("ffprobe: %v: %s", err, bytes.TrimSpace(stderr.Bytes()))
	}
	if rerr != nil {
		return nil, rerr
	}
	var doc struct {
		Format struct {
			Name     string `json:"format_name"`
			Duration string `json:"duration"`
			BitRate  string `json:"bit_rate"`
		} `json:"format"`
		Streams []struct {
			Type       string `json:"codec_type"`
			Codec      string `json:"codec_name"`
			Width      int    `json:"width"`
			Height     int    `json:"height"`
			SampleRate string `json:"sample_rate"`
			Channels   int    `json:"channels"`
		} `json:"streams"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("ffprobe output: %w", err)
	}
	p := &Probe{Format: doc.Format.Name}
	p.Duration, _ = strconv.ParseFloat(doc.Format.Duration, 64)
	p.BitRate, _ = strconv.ParseInt(doc.Format.BitRate, 10, 64)
	for _, s := range doc.Streams {
		sr, _ := strconv.Atoi(s.SampleRate)
		p.Streams = append(p.Streams, ProbeStream{Type: s.Type, Codec: s.Codec, Width: s.Width, Height: s.Height, SampleRate: sr, Channels: s.Channels})
	}
	return p, nil
}

func (t Tools) timeout() time.Duration {
	if t.Timeout <= 0 {
		return 60 * time.Second
	}
	return t.Timeout
}

// ScrubVideo re-muxes the video or audio at path into w without any metadata: global and
// per-stream tags (GPS, device, creation time), chapters, and every stream that is not video
// or audio (data tracks carry GPS on some cameras, subtitles and attachments can identify).
// Streams are copied, not re-encoded, so the pixels are the original's. MP4-family input
// becomes fragmented MP4 (written to a pipe, and plays in browsers); the rest Matroska or
// WebM. It returns the media type written.
func (t Tools) ScrubVideo(ctx context.Context, path, mediaType string, w io.Writer) (string, error) {
	if t.FFmpeg == "" {
		return "", fmt.Errorf("ffmpeg: %w", ErrNoTool)
	}
	ctx, cancel := context.WithTimeout(ctx, 10*t.timeout())
	defer cancel()
	outType := ScrubbedType(mediaType)
	format := map[string]string{"video/mp4": "mp4", "audio/mp4": "mp4", "video/webm": "webm"}[outType]
	var extra []string
	if format == "mp4" {
		extra = []string{"-movflags", "frag_keyframe+empty_moov+default_base_moof"}
	} else if format == "" {
		format = "matroska"
	}
	args := []string{"-nostdin", "-hide_banner", "-v", "error", "-i", path,
		"-map", "0:v?", "-map", "0:a?", "-dn", "-sn", "-map_metadata", "-1", "-map_chapters", "-1",
		"-c", "copy", "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact"}
	args = append(args, extra...)
	args = append(args, "-f", format, "pipe:1")
	cmd := exec.CommandContext(ctx, t.FFmpeg, args...)
	cmd.Stdout = w
	var stderr bytes.Buffer
	cmd.Stderr = &limitedBuffer{b: &stderr, n: 4096}
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("ffmpeg: %v: %s", err, bytes.TrimSpace(stderr.Bytes()))
	}
	return outType, nil
}

// ScrubbedType is the media type ScrubVideo writes for an input of mediaType.
func ScrubbedType(mediaType string) string {
	switch mediaType {
	case "video/mp4", "video/quicktime", "video/3gpp":
		return "video/mp4"
	case "video/webm", "audio/mp4":
		return mediaType
	}
	return "video/x-matroska"
}

// limitedBuffer keeps the first n bytes written and drops the rest.
type limitedBuffer struct {
	b *bytes.Buffer
	n int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.n - l.b.Len(); room > 0 {
		l.b.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}
