package bundle

import (
	"strings"
	"testing"

	"muster/crdt"
)

func TestParseVector(t *testing.T) {
	a := strings.Repeat("ab", 32)
	b := strings.Repeat("01", 32)
	tests := []struct {
		name string
		in   string
		want map[string]uint64 // nil = error
	}{
		{"empty object", `{}`, map[string]uint64{}},
		{"vector", `{"` + a + `": 12, "` + b + `": 3}`, map[string]uint64{a: 12, b: 3}},
		{"status output", `{"node_id": "x", "ops": 15, "vector": {"` + a + `": 15}, "digest": "00"}`, map[string]uint64{a: 15}},
		{"not json", `12`, nil},
		{"array", `[1,2]`, nil},
		{"short author", `{"abcd": 1}`, nil},
		{"negative seq", `{"` + a + `": -1}`, nil},
		{"fractional seq", `{"` + a + `": 1.5}`, nil},
		{"string seq", `{"` + a + `": "1"}`, nil},
		{"vector not an object", `{"vector": 3}`, nil},
		{"too long", `{"` + strings.Repeat(" ", MaxVectorText) + `}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseVector([]byte(tt.in))
			if tt.want == nil {
				if err == nil {
					t.Fatalf("ParseVector = %v, want error", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseVector: %v", err)
			}
			want := crdt.VersionVector{}
			for k, s := range tt.want {
				id, _ := crdt.ParseAuthorID(k)
				want[id] = s
			}
			if got.Compare(want) != crdt.Equal || len(got) != len(want) {
				t.Fatalf("ParseVector = %v, want %v", got, want)
			}
		})
	}
}
