// Package tagdata decodes and encodes the data that libraries write into the
// user memory of HF (ISO 15693) book tags. It knows nothing about readers: an
// HF pad driver reads a tag's memory and calls [Decode]; a simulator builds
// memory with [EncodeISO28560_3] or [Encode3M501].
//
// Two layouts are built in:
//
//   - [ISO28560_3]: the ISO 28560-3 / Danish data model, a fixed 32-byte
//     basic block protected by a CRC-16/CCITT-FALSE ([CRC16]).
//   - [ThreeM501]: the 3M "RFID 501" layout, 8 blocks of 4 bytes without a
//     check value.
//
// A further layout (ISO 28560-2, say) is added by implementing [Layout] and
// calling [Register]; the existing layouts and [Decode] do not change.
//
// Guarantees:
//
//   - [Decode] never panics and never modifies its input. It reads only as
//     many bytes as a layout's block has (32 for both built-in layouts) and
//     ignores the rest of the memory, so a driver may pass everything it read.
//   - A [Tag] is returned only when a layout verified the block: for
//     ISO 28560-3 the CRC matches, the version is 1 and every text field is
//     printable ASCII padded with NUL bytes; for 3M 501 the fixed bytes are
//     right (0x04 and 0x00 in block 0, block 7 all zero) and the barcode is
//     non-empty printable ASCII padded with NUL bytes. Random data is
//     therefore taken for a tag only with negligible probability, and a block
//     of one built-in layout is never taken for the other.
//   - The block is tried as read in every registered layout first, in the
//     order they were registered, and only then with each 4-byte block
//     byte-reversed (as some readers return it); [Tag].ByteReversed says
//     which. Every failure wraps exactly one of [ErrShort], [ErrBadCRC] (a
//     [*CRCError] with the stored and computed values) or
//     [ErrUnknownLayout].
//   - A Tag decoded from a block encodes, with the encoder of its model, to
//     that same block, and so decodes to the same Tag again.
//   - [Decode], [Layouts] and the encoders are safe for concurrent use;
//     [Register] may be called at any time, but is meant for init.
package tagdata
