package main

// The strings every format is tried on: one of each code point class, and
// mixtures. Code points are chosen by what Go's tables say of them in
// Unicode 13.0.0 (go1.20's), including some that later Unicode versions
// assigned, so a JavaScript engine's newer tables cannot leak in.
var classRunes = []rune{
	0x00, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b, 0x1f, // ASCII controls
	0x20, 0x22, 0x26, 0x27, 0x3c, 0x3e, 0x5c, 0x7e, // printable ASCII that some formats escape
	0x7f,             // DEL
	0x80, 0x85, 0x9f, // C1 controls
	0xa0, 0xa1, 0xe9, 0xff, // Latin-1: no-break space (Zs), printable Latin
	0xad,                // soft hyphen (Cf)
	0x300, 0x301, 0x36f, // combining marks (Mn)
	0x378,                      // unassigned
	0x600, 0x61c, 0x6dd, 0x70f, // Arabic format characters (Cf)
	0x870, 0x20c0, // assigned in Unicode 14.0: unassigned for go1.20
	0x1680, 0x2000, 0x2009, 0x202f, 0x205f, 0x3000, // spaces (Zs) other than U+0020
	0x200b, 0x200c, 0x200d, 0x200e, 0x200f, // zero-width and direction marks (Cf)
	0x2028, 0x2029, // line and paragraph separators
	0x202a, 0x202e, 0x2060, 0x2064, 0x2066, 0x206f, // bidi and invisible operators (Cf)
	0x20ac, 0x2713, 0x4e16, 0x754c, 0xac00, // printable symbols, CJK, Hangul
	0xd7ff,         // last code point before the surrogates
	0xe000, 0xf8ff, // private use
	0xfe0f, 0xfeff, // variation selector (Mn), BOM / ZWNBSP (Cf)
	0xfff9, 0xfffb, 0xfffc, // interlinear annotation (Cf), object replacement (So)
	0xfffd,         // replacement character
	0xfffe, 0xffff, // noncharacters
	0x10000, 0x1f600, 0x1f9d1, 0x1f3fb, // astral printable (Linear B, emoji, skin tone)
	0x1d173, 0x110bd, // astral format characters (Cf)
	0x11f00, 0x1e030, 0x31350, // assigned in Unicode 15.0: unassigned for go1.20
	0x10d40, 0x1cc00, 0x2ebf0, // assigned in Unicode 15.1 and 16.0
	0x30000,                                     // CJK Extension G (Unicode 13.0): printable for go1.20
	0xe0001, 0xe0020, 0xe007f, 0xe0100, 0xe01ef, // tags (Cf), variation selectors (Mn)
	0xf0000, 0xffffd, 0x100000, 0x10fffd, // supplementary private use
	0x1fffe, 0x10ffff, // astral noncharacters
	0x50000, 0xeffff, // unassigned astral planes
}

// corpus is every class rune alone and framed, mixtures, and lone
// surrogates in every position.
func corpus() []js {
	var out []js
	add := func(s string) { out = append(out, jsOf(s)) }
	for _, r := range classRunes {
		add(string(r))
		add("a" + string(r) + "b")
	}
	for _, s := range []string{
		"", "plain", `say "hi"\`, "héllo 世界 ✓", "tab\tnew\nline\r\n", "\a\b\f\v",
		"e\u0301", "👩\u200d💻", "🇩🇪", "<script>&amp;</script>", "a\u2028b\u2029c",
		"x\x00y\x7fz", "\u00e9\u0065\u0301", "日本", "\ufffd\ufffd", "'single'", "`back`",
	} {
		add(s)
	}
	out = append(out,
		js{0xd800}, js{0xdbff}, js{0xdc00}, js{0xdfff}, // lone high and low surrogates
		js{'a', 0xd800, 'b'}, js{0xd83d}, js{0xde00, 0xd83d}, // lone, and a pair in the wrong order
		js{0xd83d, 0xde00}, js{0xd800, 0xd800, 0xdc00}, js{'"', 0xdfff, '\\'}, // a pair, a lone one before a pair
	)
	return out
}
