package render

import "testing"

func TestTopicKeyJoinsSpellingsOfOneTopic(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"API design", "api design"},
		{"API Designs", "api design"},
		{"  api   designs ", "api design"},
		{"community-building", "community building"},
		{"community_building", "community building"},
		{"SDKs", "sdk"},
		{"SDK", "sdk"},
		{"WebSockets", "websocket"},
		{"Partnerships", "partnership"},
		{"ai agents", "ai agent"},
		{"AI", "ai"},
		{"technologies", "technology"},
		{"searches", "search"},
		{"boxes", "box"},
		{"processes", "process"},
		// Kept: too short, acronyms, and words whose s is not a plural.
		{"AWS", "aws"},
		{"iOS", "ios"},
		{"gas", "gas"},
		{"business", "business"},
		{"status", "status"},
		{"analysis", "analysis"},
		{"logistics", "logistics"},
		// Only the last word of a phrase is made singular.
		{"logistics industry", "logistics industry"},
		{"sales engineering", "sales engineering"},
		{"enterprise sales", "enterprise sale"},
		{"AR/VR", "ar/vr"},
		{"", ""},
		{" - ", ""},
	} {
		if got := topicKey(c.in); got != c.want {
			t.Errorf("topicKey(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSlugKeepsLettersOfAnyScript(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"api design", "api-design"},
		{"ar/vr", "ar-vr"},
		{"c++", "c"},
		{"机器学习", "机器学习"},
		{"über uns", "über-uns"},
		{"!!!", "x"},
	} {
		if got := slug(c.in); got != c.want {
			t.Errorf("slug(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestMapCoordinatesHaveOneDecimalAndNoNegativeZero(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want string
	}{
		{360, "360.0"},
		{359.96, "360.0"},
		{-0.04, "0.0"},
		{220.05000000001, "220.1"},
	} {
		if got := num(c.in); got != c.want {
			t.Errorf("num(%v) = %q, want %q", c.in, got, c.want)
		}
	}
	// The first team is at the top, the rest clockwise.
	x, y := onCircle(0, 4)
	if num(x) != num(mapW/2) || num(y) != num(mapH/2-mapRadius) {
		t.Errorf("first node at %s,%s; want the top of the circle", num(x), num(y))
	}
	x, _ = onCircle(1, 4)
	if x <= mapW/2 {
		t.Errorf("second of four nodes at x=%s; want it on the right", num(x))
	}
}
