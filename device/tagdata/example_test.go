package tagdata_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"os"

	"anterkoper/device/tagdata"
)

// An HF pad driver passes the memory it read from a book tag.
func ExampleDecode() {
	mem := []byte{
		0x11, 0x01, 0x01, '1', '1', '2', '2', '3', '3', '4', '4', 0, 0, 0, 0, 0,
		0, 0, 0, 0x51, 0x3E, 'D', 'E', '7', '0', '5', 0, 0, 0, 0, 0, 0,
	}
	tag, err := tagdata.Decode(mem)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tag.Model, tag.ItemID, tag.Usage, tag.PartNumber, "of", tag.PartsTotal, tag.Country, tag.ISIL, tag.CRC)

	// Some readers return each 4-byte block byte-reversed.
	tag, _ = tagdata.Decode(tagdata.ReverseBlocks(mem))
	fmt.Println(tag.ItemID, tag.ByteReversed)

	// A damaged block says what is wrong.
	mem[5] = '9'
	_, err = tagdata.Decode(mem)
	fmt.Println(errors.Is(err, tagdata.ErrBadCRC), err)
	// Output:
	// iso28560-3 11223344 circulation 1 of 1 DE 705 0x3E51
	// 11223344 true
	// true tagdata: CRC mismatch in iso28560-3 block: block says 0x3E51, computed 0xAACB
}

// A simulator writes tags with the encoders.
func ExampleEncode3M501() {
	mem, err := tagdata.Encode3M501(tagdata.Tag{ItemID: "200901010123", SetIndex: 1, SetTotal: 1, Branch: 4095, Library: 1048575, Custom: 2147483647})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("% X\n", mem)
	tag, _ := tagdata.Decode(mem)
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.Encode(tag)
	// Output:
	// 04 11 00 00 32 30 30 39 30 31 30 31 30 31 32 33 00 00 00 00 FF FF FF FF 7F FF FF FF 00 00 00 00
	// {
	//   "model": "3m-501",
	//   "item_id": "200901010123",
	//   "set_index": 1,
	//   "set_total": 1,
	//   "branch": 4095,
	//   "library": 1048575,
	//   "item_type": 0,
	//   "custom": 2147483647,
	//   "byte_reversed": false
	// }
}
