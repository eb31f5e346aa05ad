package catalog_test

import (
	"fmt"
	"strings"

	"anterkoper/internal/catalog"
)

func ExampleParse() {
	in := `item_code,title,level,call_number
B00001,Si Kancil dan Buaya,SD,398.2 KAN
B00002,"Kumpulan ""Cerpen"" Anak Jawa Tengah",MTs,899.221 KUM
,Timun Mas,SD,398.2 TIM
B00001,Malin Kundang,SMK,398.2 MAL
`
	items, bad, err := catalog.Parse(strings.NewReader(in))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, it := range items {
		fmt.Printf("%s %s [%s]\n", it.Code, it.Title, it.Level)
	}
	for _, b := range bad {
		fmt.Println(b)
	}
	// Output:
	// B00001 Si Kancil dan Buaya [SD]
	// B00002 Kumpulan "Cerpen" Anak Jawa Tengah [SMP]
	// line 4: item_code is empty
	// line 5: duplicate item_code "B00001", first on line 2
}
