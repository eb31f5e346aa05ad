package demo

import "fmt"

// isbnPrefixes are prefixes of Indonesian ISBN-13s: the 978-979 range of the
// old ISBN-10 group and the newer 978-602 and 978-623.
var isbnPrefixes = []string{"978602", "978979", "978623"}

// demoISBN returns the n-th demo ISBN-13, with a correct check digit.
func demoISBN(n int) string {
	prefix := isbnPrefixes[n%len(isbnPrefixes)]
	// A multiplier coprime with 10^6 spreads the numbers out without repeats.
	body := fmt.Sprintf("%s%06d", prefix, (n*7919+104729)%1000000)
	return body + string(rune('0'+ean13Check(body)))
}

// ean13Check returns the check digit of the 12 digits in s.
func ean13Check(s string) int {
	sum := 0
	for i, c := range s[:12] {
		d := int(c - '0')
		if i%2 == 1 {
			d *= 3
		}
		sum += d
	}
	return (10 - sum%10) % 10
}
