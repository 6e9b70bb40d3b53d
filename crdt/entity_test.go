package crdt

import (
	"reflect"
	"testing"
)

func TestEntityCodecRoundTrip(t *testing.T) {
	e := NewEntity("person", "p1")
	a, b := AuthorID{1}, AuthorID{2}
	e.Apply(&Op{Author: a, Seq: 1, Time: 10, Type: "person", ID: "p1", Set: map[string]any{
		"name": "Ada", "n": uint64(3), "neg": int64(-4), "f": 2.5, "ok": true, "no": false, "none": nil,
		"goal": map[string]any{"amount": 200.0, "unit": "people"}, "list": []any{"x", uint64(1)},
	}, Add: map[string][]string{"skills": {"medic", "radio"}}})
	e.Apply(&Op{Author: b, Seq: 1, Time: 11, Type: "person", ID: "p1", Remove: map[string]map[string][]Dot{"skills": {"radio": {{Author: a, Seq: 1}}}}})
	raw, err := EncodeEntity(e)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeEntity(raw)
	if err != nil {
		t.Fatalf("DecodeEntity: %v", err)
	}
	if !reflect.DeepEqual(got, e) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, e)
	}
	if got.VisibleHash() != e.VisibleHash() {
		t.Errorf("visible hash changed in the round trip")
	}
	for i := 0; i < len(raw); i++ {
		if _, err := DecodeEntity(raw[:i]); err == nil {
			t.Fatalf("truncated record of %d bytes decoded", i)
		}
	}
}
