// Package barcode draws the codes the kiosk prints or shows: Code 128
// labels (item and basket labels) and QR codes (viewer pairing links,
// receipts), as crisp black-and-white PNGs that scanners and phone cameras
// read back. Tests decode every image they draw with gozxing.
package barcode
