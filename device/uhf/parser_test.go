package uhf

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// parsers are the two protocols' parsers as the drivers use them, with a
// frame each for tests.
var parsers = []struct {
	name  string
	new   func() Parser
	frame func(i int) []byte // a good reply frame, different for each i
	long  []byte             // the header of a long frame, for Flush
	max   int                // the longest frame
}{
	{"chafon", func() Parser { return &ChafonParser{Inventory: true} }, func(i int) []byte {
		epc := []byte{0xE2, 0, 0, 0, 0, 0, 0, 0, 0, 0, byte(i >> 8), byte(i)}
		return ChafonFrame(0, ChafonInventory, append([]byte{ChafonMore}, ChafonInventoryData([]Tag{{EPC: epc}}, 0, false)...)...)
	}, []byte{0xF0, 0x00, ChafonInventory, ChafonMore}, 256},
	{"r2000", func() Parser { return &R2000Parser{Inventory: true} }, func(i int) []byte {
		epc := []byte{0xE2, 0, 0, 0, 0, 0, 0, 0, 0, 0, byte(i >> 8), byte(i)}
		return R2000TagFrame(1, Tag{EPC: epc, RSSI: 0x45}, 3)
	}, []byte{0xA0, 0xF0, 0x01, R2000Inventory, 0x00, 0x30, 0x00}, 257},
}

// feedAll feeds b to p in pieces of the given sizes (cycled; nil: at
// once) and renders what comes out: a frame as hex, noise as its reason.
func feedAll(p Parser, b []byte, sizes []int) []string {
	var out []string
	add := func(frames []Frame) {
		for _, f := range frames {
			if f.Err != nil {
				out = append(out, "noise: "+f.Err.Reason)
			} else {
				out = append(out, fmt.Sprintf("% X", f.Bytes))
			}
		}
	}
	if len(sizes) == 0 {
		add(p.Feed(b))
		return out
	}
	for i := 0; len(b) > 0; i++ {
		n := min(sizes[i%len(sizes)], len(b))
		add(p.Feed(b[:n]))
		b = b[n:]
	}
	return out
}

func hexes(frames ...[]byte) []string {
	var out []string
	for _, f := range frames {
		out = append(out, fmt.Sprintf("% X", f))
	}
	return out
}

func TestParserStreams(t *testing.T) {
	for _, pp := range parsers {
		t.Run(pp.name, func(t *testing.T) {
			f1, f2, f3, f4 := pp.frame(1), pp.frame(2), pp.frame(3), pp.frame(4)
			damaged := bytes.Clone(f3)
			damaged[len(damaged)/2] ^= 0x10
			garbage := []byte{0x00, 0x01, 0xA0, 0x02, 0xFF, 0x03}
			tests := []struct {
				name   string
				stream [][]byte
				want   []string
			}{
				{"joined", [][]byte{f1, f2, f3}, hexes(f1, f2, f3)},
				{"garbage first", [][]byte{garbage, f1, f2}, append([]string{"noise: " + pp.name + ": no frame, 6 bytes skipped"}, hexes(f1, f2)...)},
				{"damaged frame", [][]byte{f1, damaged, f2}, append(append(hexes(f1), "noise: "+pp.name+": bad checksum, "+fmt.Sprint(len(f3))+" bytes skipped"), hexes(f2)...)},
				{"garbage and damage", [][]byte{garbage, damaged, garbage, f4}, append([]string{fmt.Sprintf("noise: %s: bad checksum, %d bytes skipped", pp.name, 2*len(garbage)+len(damaged))}, hexes(f4)...)},
				{"frame cut short", [][]byte{f1[:len(f1)-3], f2}, append([]string{fmt.Sprintf("noise: %s: bad checksum, %d bytes skipped", pp.name, len(f1)-3)}, hexes(f2)...)},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					stream := bytes.Join(tt.stream, nil)
					// The same frames whatever the reads: at once, byte by
					// byte, and in pieces of odd sizes.
					for _, sizes := range [][]int{nil, {1}, {2, 7}, {5, 1, 30}} {
						got := feedAll(pp.new(), stream, sizes)
						if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
							t.Fatalf("reads of %v:\ngot  %q\nwant %q", sizes, got, tt.want)
						}
					}
				})
			}
		})
	}
}

// Garbage that looks like the header of a long frame holds back the frames
// after it until the long frame's length has come; Flush gives up on it at
// once.
func TestParserFlush(t *testing.T) {
	for _, pp := range parsers {
		t.Run(pp.name, func(t *testing.T) {
			p := pp.new()
			long := pp.long
			f1, f2 := pp.frame(1), pp.frame(2)
			if got := p.Feed(append(append(bytes.Clone(long), f1...), f2...)); len(got) != 0 {
				t.Fatalf("Feed = %v, want nothing yet", got)
			}
			if p.Buffered() != len(long)+len(f1)+len(f2) {
				t.Fatalf("Buffered = %d", p.Buffered())
			}
			got := feedFlush(p)
			want := append([]string{fmt.Sprintf("noise: %s: unfinished frame, %d bytes skipped", pp.name, len(long))}, hexes(f1, f2)...)
			if strings.Join(got, "\n") != strings.Join(want, "\n") || p.Buffered() != 0 {
				t.Fatalf("Flush:\ngot  %q\nwant %q (%d bytes left)", got, want, p.Buffered())
			}
			if got := p.Flush(); got != nil {
				t.Fatalf("Flush of nothing = %v", got)
			}
		})
	}
}

// feedFlush flushes until the parser holds nothing.
func feedFlush(p Parser) []string {
	var out []string
	for p.Buffered() > 0 {
		for _, f := range p.Flush() {
			if f.Err != nil {
				out = append(out, "noise: "+f.Err.Reason)
			} else {
				out = append(out, fmt.Sprintf("% X", f.Bytes))
			}
		}
	}
	return out
}

// A stream of garbage keeps being reported, and the parser's memory stays
// bounded by one frame.
func TestParserGarbageStream(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	garbage := make([]byte, 100_000)
	for i := range garbage {
		garbage[i] = byte(rnd.Uint32())
	}
	for _, pp := range parsers {
		t.Run(pp.name, func(t *testing.T) {
			p := pp.new()
			noise, skipped, good := 0, 0, 0
			for b := garbage; len(b) > 0; b = b[min(len(b), 100):] {
				for _, f := range p.Feed(b[:min(len(b), 100)]) {
					if f.Err == nil {
						good++
						continue
					}
					noise++
					var n int
					fmt.Sscanf(f.Err.Reason[strings.LastIndex(f.Err.Reason, ", ")+2:], "%d bytes skipped", &n)
					skipped += n
				}
				if p.Buffered() > pp.max {
					t.Fatalf("Buffered = %d, more than a frame", p.Buffered())
				}
			}
			if good > 0 && pp.name == "chafon" {
				t.Logf("%d frames with a right CRC in random bytes", good)
			}
			if noise < len(garbage)/maxSkip-1 || skipped+p.Buffered() > len(garbage) || skipped < len(garbage)-pp.max-maxSkip-good*pp.max {
				t.Fatalf("%d noise frames for %d bytes skipped of %d", noise, skipped, len(garbage))
			}
		})
	}
}

// fuzzParser checks, for the parser as a driver uses it (inventory
// replies) and as the simulator does (all frames), that the frames found
// do not depend on how the stream is split, that every frame has a right
// checksum, and that decoding them never panics.
func fuzzParser(f *testing.F, newParsers [2]func() Parser, seeds [][]byte, valid func([]byte) bool, decode func([]byte) (Inventory, error)) {
	for _, s := range seeds {
		f.Add(s, uint8(3))
	}
	f.Fuzz(func(t *testing.T, stream []byte, piece uint8) {
		if len(stream) > 4<<10 {
			return // longer streams find nothing new, slowly
		}
		for _, newParser := range newParsers {
			checkParser(t, newParser, stream, piece, valid, decode)
		}
	})
}

func checkParser(t *testing.T, newParser func() Parser, stream []byte, piece uint8, valid func([]byte) bool, decode func([]byte) (Inventory, error)) {
	{
		whole := newParser()
		once := whole.Feed(stream)
		pieces := newParser()
		var split []Frame
		for b := stream; len(b) > 0; {
			n := min(int(piece)%16+1, len(b))
			split = append(split, pieces.Feed(b[:n])...)
			b = b[n:]
		}
		if len(once) != len(split) || whole.Buffered() != pieces.Buffered() {
			t.Fatalf("%d frames at once, %d in pieces of %d", len(once), len(split), int(piece)%16+1)
		}
		for i, fr := range once {
			if (fr.Err == nil) != (split[i].Err == nil) || !bytes.Equal(fr.Bytes, split[i].Bytes) {
				t.Fatalf("frame %d: %+v at once, %+v in pieces", i, fr, split[i])
			}
		}
		flushed := newParser()
		all := flushed.Feed(stream)
		for flushed.Buffered() > 0 {
			all = append(all, flushed.Flush()...)
		}
		for _, fr := range append(once, all...) {
			if fr.Err != nil {
				if fr.Bytes != nil || fr.Err.Reason == "" {
					t.Fatalf("noise frame %+v", fr)
				}
				continue
			}
			if !valid(fr.Bytes) {
				t.Fatalf("frame % X has a wrong checksum", fr.Bytes)
			}
			inv, err := decode(fr.Bytes)
			if err == nil {
				for _, tg := range inv.Tags {
					if len(tg.EPC) == 0 || len(tg.EPC) > maxEPC {
						t.Fatalf("frame % X: tag with %d EPC bytes", fr.Bytes, len(tg.EPC))
					}
				}
			}
		}
	}
}

func FuzzChafonParser(f *testing.F) {
	ex := unhex(f, chafonExample)
	fuzzParser(f, [2]func() Parser{func() Parser { return new(ChafonParser) }, func() Parser { return &ChafonParser{Inventory: true} }}, [][]byte{
		ex,
		append(append([]byte{0xF0, 0x07, 0x00}, ex...), ex[:7]...),
		ChafonFrame(0, ChafonInventory, append([]byte{ChafonFinished}, ChafonInventoryData([]Tag{{EPC: []byte{1, 2}, RSSI: 9}}, 4, true)...)...),
		ChafonFrame(0, ChafonInventory, ChafonNoTag),
		unhex(f, "04 FF 01 1B B4 04 FF 21 19 95"),
	}, chafonValid, DecodeChafonInventory)
}

func FuzzR2000Parser(f *testing.F) {
	ex := unhex(f, r2000Example)
	fuzzParser(f, [2]func() Parser{func() Parser { return new(R2000Parser) }, func() Parser { return &R2000Parser{Inventory: true} }}, [][]byte{
		ex,
		append(append([]byte{0xA0, 0xA0, 0xFF}, ex...), ex[:9]...),
		R2000SummaryFrame(1, 0, 100, 7),
		R2000Frame(1, R2000Inventory, R2000AntennaMissing),
		unhex(f, "A0 04 01 89 01 D1 A0 03 01 72 EA"),
	}, r2000Valid, DecodeR2000Inventory)
}

// Without Inventory, a parser finds every frame, commands included, as the
// simulator needs; bytes below the smallest length are skipped at once.
func TestParserCommands(t *testing.T) {
	var cp ChafonParser
	stream := unhex(t, "00 01 02 03 04 FF 01 1B B4 04 FF 21 19 95 04")
	want := []string{"noise: chafon: no frame, 4 bytes skipped", "04 FF 01 1B B4", "04 FF 21 19 95"}
	if got := feedAll(&cp, stream, []int{3}); strings.Join(got, "\n") != strings.Join(want, "\n") || cp.Buffered() != 1 {
		t.Fatalf("chafon commands: %q (%d left)", got, cp.Buffered())
	}
	var rp R2000Parser
	stream = unhex(t, "A0 00 A0 04 01 89 01 D1 A0 03 01 72 EA A0")
	want = []string{"noise: r2000: no frame, 2 bytes skipped", "A0 04 01 89 01 D1", "A0 03 01 72 EA"}
	if got := feedAll(&rp, stream, []int{1}); strings.Join(got, "\n") != strings.Join(want, "\n") || rp.Buffered() != 1 {
		t.Fatalf("r2000 commands: %q (%d left)", got, rp.Buffered())
	}
}
