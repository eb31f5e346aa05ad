// Package decode reads barcodes and QR codes from camera frames and photos.
//
// It wraps gozxing, which has no multi-format reader: a Decoder tries the
// format readers in turn, cheapest and most likely first (QR, then the 1D
// formats, then Data Matrix), and only when nothing is found does it spend
// more time: TRY_HARDER, a rescaled image, another binarizer, a contrast
// stretch, 180° and 90° rotations, and last, for small skewed QR photos, a
// grid placed on the gray image from every finder and alignment pattern
// (see readQRGrid).
//
// Guarantees: Decode never panics on any image, returns each (format, text)
// pair at most once per frame, and reports every code it finds in one frame
// (found codes are masked out and the frame is decoded again). 1D results
// shorter than 4 characters are dropped unless the format fixes the length
// (EAN/UPC, which also carry a checksum), so that texture in a photo is not
// read as a code; EAN-8 and UPC-E are read only when asked for, for the
// same reason. Text is UTF-8: gozxing returns Code 128's Latin-1 bytes raw
// (one string byte per symbol byte), and Decode converts them.
//
// A Decoder holds only options; Decode may be called from several goroutines.
package decode
