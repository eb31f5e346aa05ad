package camera

// frameSize is a range of frame sizes a camera offers for a pixel format,
// as V4L2 lists them: a discrete size has min = max and step 0.
type frameSize struct {
	minW, maxW, stepW uint32
	minH, maxH, stepH uint32
}

// chooseSize picks the frame size to ask for: 1280×720 when offered (sharp
// enough for a barcode held at arm's length, light enough to decode at
// several frames a second), else the largest at most 1920 wide, else the
// smallest. It reports false when there are no sizes.
func chooseSize(sizes []frameSize) (w, h uint32, ok bool) {
	for _, s := range sizes {
		if fits(s.minW, s.maxW, s.stepW, 1280) && fits(s.minH, s.maxH, s.stepH, 720) {
			return 1280, 720, true
		}
	}
	var bestW, bestH uint32
	var smallW, smallH uint32
	for _, s := range sizes {
		cw, ch := s.maxW, s.maxH
		if cw > 1920 && s.minW <= 1920 {
			// A range: the widest step at most 1920, height in proportion.
			cw = 1920
			if s.stepW > 0 {
				cw = s.minW + (1920-s.minW)/s.stepW*s.stepW
			}
			ch = max(s.minH, min(s.maxH, uint32(uint64(s.maxH)*uint64(cw)/uint64(s.maxW))))
		}
		if cw <= 1920 && (cw > bestW || cw == bestW && ch > bestH) {
			bestW, bestH = cw, ch
		}
		if smallW == 0 || s.minW < smallW {
			smallW, smallH = s.minW, s.minH
		}
	}
	if bestW > 0 {
		return bestW, bestH, true
	}
	return smallW, smallH, smallW > 0
}

func fits(lo, hi, step, v uint32) bool {
	if v < lo || v > hi {
		return false
	}
	return step == 0 && lo == v || step > 0 && (v-lo)%step == 0 || step == 0 && hi == v
}
