package web

import (
	"fmt"
	"html"
	"html/template"
	"strings"

	"github.com/chorus-forum/chorus/forum"
)

// Server-rendered SVG charts for the insights page: no script, no external
// service, and presentation attributes rather than style (the CSP allows
// no inline styles). Every label is escaped; everything else is a number.

// dailyChart draws questions asked (bars) and solved (darker bars inside)
// per day.
func dailyChart(days []forum.DayCount, asked, solved string) template.HTML {
	const w, h, pad = 720, 160, 24
	top := 1
	for _, d := range days {
		top = max(top, d.Asked)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`,
		w, h+pad, html.EscapeString(asked+" / "+solved))
	n := max(len(days), 1)
	bw := float64(w) / float64(n)
	for i, d := range days {
		x := float64(i) * bw
		ah := float64(h) * float64(d.Asked) / float64(top)
		sh := float64(h) * float64(d.Solved) / float64(top)
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="currentColor" fill-opacity="0.25"><title>%s: %d %s, %d %s</title></rect>`,
			x, float64(h)-ah, max(bw-1, 0.5), ah, d.Day.Format("2006-01-02"), d.Asked, html.EscapeString(asked), d.Solved, html.EscapeString(solved))
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="currentColor" fill-opacity="0.7"/>`,
			x, float64(h)-sh, max(bw-1, 0.5), sh)
	}
	fmt.Fprintf(&b, `<text x="0" y="%d" font-size="12" fill="currentColor">%s</text>`, h+pad-6, html.EscapeString(days[0].Day.Format("2006-01-02")))
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" fill="currentColor" text-anchor="end">%s · %s %d</text>`,
		w, h+pad-6, html.EscapeString(days[len(days)-1].Day.Format("2006-01-02")), html.EscapeString("max"), top)
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // #nosec G203 -- numbers and escaped labels only, built above
}

// barChart draws one horizontal bar per label, scaled to the largest value,
// with the value's text beside it.
func barChart(labels []string, values []float64, texts []string, title string) template.HTML {
	const w, row, labelW = 720, 26, 220
	top := 0.0
	for _, v := range values {
		top = max(top, v)
	}
	if top == 0 {
		top = 1
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`,
		w, row*max(len(labels), 1), html.EscapeString(title))
	for i, l := range labels {
		y := i * row
		bw := (w - labelW - 90) * values[i] / top
		fmt.Fprintf(&b, `<text x="0" y="%d" font-size="13" fill="currentColor">%s</text>`, y+17, html.EscapeString(l))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="16" fill="currentColor" fill-opacity="0.55"/>`, labelW, y+4, bw)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="13" fill="currentColor">%s</text>`, float64(labelW)+bw+6, y+17, html.EscapeString(texts[i]))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // #nosec G203 -- numbers and escaped labels only, built above
}
