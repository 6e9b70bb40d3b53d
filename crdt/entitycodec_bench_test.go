package crdt

import "testing"

func benchEntity() *Entity {
	e := NewEntity("person", "p0000001")
	e.Apply(&Op{Author: AuthorID{1}, Seq: 1, Time: 10, Type: "person", ID: "p0000001", Set: map[string]any{
		"name": "Ada Okafor", "phone": "+1 555 0100123", "email": "p0000001.5@example.org", "availability": "weekends",
		"status": "available", "notes": "Joined at the community centre; has a car.", "consent_sms": true, "consent_email": true,
		"created": uint64(1700000000000),
	}, Add: map[string][]string{"skills": {"first aid", "radio", "boat"}, "roles": {"lead", "driver"}}})
	return e
}

func BenchmarkDecodeEntity(b *testing.B) {
	raw, _ := EncodeEntity(benchEntity())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeEntity(raw); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeEntity(b *testing.B) {
	e := benchEntity()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := EncodeEntity(e); err != nil {
			b.Fatal(err)
		}
	}
}
