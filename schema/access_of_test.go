package schema

import "testing"

func TestAccessOfPointsIntoTheObject(t *testing.T) {
	tbl, fn := &Table{Name: "t"}, &Function{Name: "f"}
	for _, obj := range []any{&Schema{}, tbl, &View{}, &Sequence{}, fn, &Enum{}, &Domain{}, &CompositeType{}} {
		a := AccessOf(obj)
		if a == nil {
			t.Fatalf("AccessOf(%T) = nil", obj)
		}
		a.Owner = "o"
	}
	if tbl.Access.Owner != "o" || fn.Access.Owner != "o" {
		t.Errorf("AccessOf returned a copy, not the object's Access")
	}
	if a := AccessOf(&Index{}); a != nil {
		t.Errorf("AccessOf(*Index) = %v, want nil", a)
	}
}
