package uhf

// CRC16 returns the CRC-16/MCRF4XX of b, the checksum of the Chafon
// (UHFReader18) protocol: reflected polynomial 0x8408, preset 0xFFFF, no
// final XOR. Its check value for "123456789" is 0x6F91. Frames carry it low
// byte first.
func CRC16(b []byte) uint16 {
	crc := uint16(0xFFFF)
	for _, c := range b {
		crc = crc>>8 ^ crcTable[byte(crc)^c]
	}
	return crc
}

// crcTable holds the CRC of each byte value, so that CRC16 takes a byte
// at a time: resynchronising checks a frame's CRC at every byte offset.
var crcTable = func() (t [256]uint16) {
	for i := range t {
		crc := uint16(i)
		for range 8 {
			if crc&1 != 0 {
				crc = crc>>1 ^ 0x8408
			} else {
				crc >>= 1
			}
		}
		t[i] = crc
	}
	return t
}()

// Checksum returns the check byte of the R2000 "A0" protocol: the two's
// complement of the 8-bit sum of b, so that the sum of a whole frame,
// check byte included, is zero.
func Checksum(b []byte) byte {
	var sum byte
	for _, c := range b {
		sum += c
	}
	return -sum
}
