package crdt

import "testing"

func TestVectorCompare(t *testing.T) {
	a, b := AuthorID{1}, AuthorID{2}
	cases := []struct {
		v, w VersionVector
		want Ordering
	}{
		{VersionVector{}, VersionVector{}, Equal},
		{VersionVector{a: 1}, VersionVector{a: 1}, Equal},
		{VersionVector{a: 1}, VersionVector{a: 2}, Before},
		{VersionVector{a: 2}, VersionVector{a: 1}, After},
		{VersionVector{a: 2}, VersionVector{b: 1}, Concurrent},
		{VersionVector{}, VersionVector{b: 1}, Before},
		{VersionVector{a: 0}, VersionVector{}, Equal},
		{VersionVector{a: 3, b: 1}, VersionVector{a: 1, b: 3}, Concurrent},
	}
	for _, tc := range cases {
		if got := tc.v.Compare(tc.w); got != tc.want {
			t.Errorf("%v.Compare(%v) = %s, want %s", tc.v, tc.w, got, tc.want)
		}
	}
}

func TestVectorMissingMerge(t *testing.T) {
	a, b, c := AuthorID{1}, AuthorID{2}, AuthorID{3}
	v := VersionVector{a: 5, b: 2}
	w := VersionVector{a: 3, b: 4, c: 1}
	miss := v.Missing(w)
	if len(miss) != 1 || miss[0] != (Range{Author: a, From: 3, To: 5}) {
		t.Errorf("Missing = %+v, want a (3,5]", miss)
	}
	if got, want := Count(w.Missing(v)), uint64(3); got != want {
		t.Errorf("ops w holds that v lacks = %d, want %d", got, want)
	}
	m := v.Merge(w)
	if m[a] != 5 || m[b] != 4 || m[c] != 1 || v[b] != 2 {
		t.Errorf("Merge = %v (receiver now %v)", m, v)
	}
	if v.Digest() == w.Digest() || m.Digest() != w.Merge(v).Digest() {
		t.Errorf("digests do not follow equality")
	}
	if got := FromEntries(m.Entries()); got.Compare(m) != Equal {
		t.Errorf("entries round trip: %v, want %v", got, m)
	}
}
