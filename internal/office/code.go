package office

import "anterkoper/internal/receiptcode"

// receiptCode is the code a receipt's QR carries.
func receiptCode(key []byte, visit int64, round int) string {
	return receiptcode.Make(key, visit, round)
}
