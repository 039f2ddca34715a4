package forum

import (
	"encoding/json"
	"fmt"
)

// JSONObject encodes key, value pairs as a JSON object, for the before and
// after of an audit entry. Keys keep their order.
func JSONObject(kv ...any) string {
	if len(kv)%2 != 0 {
		panic("JSONObject: odd number of arguments")
	}
	b := []byte{'{'}
	for i := 0; i+1 < len(kv); i += 2 {
		key, value := kv[i], kv[i+1]
		if i > 0 {
			b = append(b, ',')
		}
		k, _ := json.Marshal(fmt.Sprint(key))
		v, err := json.Marshal(value)
		if err != nil {
			v = []byte("null")
		}
		b = append(append(append(b, k...), ':'), v...)
	}
	return string(append(b, '}'))
}
