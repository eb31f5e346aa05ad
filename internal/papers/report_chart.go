package papers

// The drawings of the report PDF, made of fpdf rectangles, lines and text
// so the file needs no image library and prints sharp: a horizontal bar
// chart of the books lent per location, a column chart of the books lent
// and returned per month, and the SOP timeline of a visit.

import (
	"cmp"
	"math"
	"slices"
	"strconv"
)

// Chart colours (RGB).
var (
	reportLentRGB     = [3]int{45, 106, 160}
	reportReturnedRGB = [3]int{230, 140, 40}
)

func (p *reportPDF) fillRGB(c [3]int) { p.SetFillColor(c[0], c[1], c[2]) }

// reportNiceStep is a step of 1, 2 or 5 times a power of ten that divides
// 0..top into at most about five parts.
func reportNiceStep(top int) int {
	if top <= 5 {
		return 1
	}
	raw := float64(top) / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw {
			return int(m * mag)
		}
	}
	return int(10 * mag)
}

// chartLocations draws one bar per location, the books lent there (summed
// over the period's visits), longest first, scaled to the longest, with the
// value at the end of the bar.
func (p *reportPDF) chartLocations() {
	type bar struct {
		label string
		n     int
	}
	var bars []bar
	at := map[string]int{}
	for _, v := range p.d.visits {
		if i, ok := at[v.Location]; ok {
			bars[i].n += v.Lent
			continue
		}
		at[v.Location] = len(bars)
		bars = append(bars, bar{v.Location, v.Lent})
	}
	slices.SortStableFunc(bars, func(a, b bar) int { return cmp.Compare(b.n, a.n) })
	top := 0
	for _, b := range bars {
		top = max(top, b.n)
	}

	const (
		labelW = 58.0
		valueW = 14.0
		barH   = 5.0
		gap    = 2.0
	)
	plotX, plotW := reportMargin+labelW, reportWidth-labelW-valueW
	step := reportNiceStep(top)
	xOf := func(n int) float64 {
		if top == 0 {
			return plotX
		}
		return plotX + plotW*float64(n)/float64(top)
	}

	p.heading(p.d.text.chartLocations, barH+gap+8)
	p.Ln(1)
	for _, b := range bars {
		p.need(barH + gap)
		y := p.GetY()
		// Light grid lines at the ticks, drawn per row so a chart that
		// goes on to a new page stays whole on each.
		p.SetDrawColor(225, 225, 225)
		for t := step; t <= top; t += step {
			p.Line(xOf(t), y, xOf(t), y+barH+gap)
		}
		p.SetFont("Helvetica", "", 8)
		for _, line := range p.fit(b.label, labelW-2, 1) {
			p.SetXY(reportMargin, y)
			p.CellFormat(labelW-2, barH, line, "", 0, "R", false, 0, "")
		}
		p.fillRGB(reportLentRGB)
		if w := xOf(b.n) - plotX; w > 0 {
			p.Rect(plotX, y, w, barH, "F")
		}
		p.SetXY(xOf(b.n)+0.5, y)
		p.SetFont("Helvetica", "B", 8)
		p.CellFormat(valueW, barH, strconv.Itoa(b.n), "", 0, "L", false, 0, "")
		p.SetDrawColor(80, 80, 80)
		p.Line(plotX, y-gap/2, plotX, y+barH+gap/2)
		p.SetXY(reportMargin, y+barH+gap)
	}
	// Tick values under the last row.
	y := p.GetY()
	p.SetFont("Helvetica", "", 6.5)
	p.SetTextColor(90, 90, 90)
	for t := 0; t <= top; t += step {
		p.SetXY(xOf(t)-6, y)
		p.CellFormat(12, 3, strconv.Itoa(t), "", 0, "C", false, 0, "")
	}
	p.SetTextColor(0, 0, 0)
	p.SetDrawColor(0, 0, 0)
	p.SetXY(reportMargin, y+3)
	p.Ln(6)
}

// chartMonths draws the books lent and returned per month as pairs of
// columns on a scale of round numbers, with a legend.
func (p *reportPDF) chartMonths() {
	d := p.d
	const (
		plotH   = 55.0
		axisW   = 12.0
		legendH = 7.0
		labelH  = 8.0
	)
	p.heading(d.text.chartMonths, legendH+plotH+labelH)

	// Legend.
	y := p.GetY()
	x := reportMargin + axisW
	p.SetFont("Helvetica", "", 8)
	for _, l := range []struct {
		rgb  [3]int
		text string
	}{{reportLentRGB, d.text.lent}, {reportReturnedRGB, d.text.returned}} {
		p.fillRGB(l.rgb)
		p.Rect(x, y+1, 4, 3, "F")
		text := p.tr(l.text)
		p.SetXY(x+5, y)
		p.CellFormat(p.GetStringWidth(text)+2, 5, text, "", 0, "L", false, 0, "")
		x += 5 + p.GetStringWidth(text) + 8
	}

	top := 0
	for _, m := range d.months {
		top = max(top, m.Lent, m.Returned)
	}
	step := reportNiceStep(top)
	scale := max(step, (top+step-1)/step*step)
	plotX, plotW := reportMargin+axisW, reportWidth-axisW
	base := y + legendH + plotH
	yOf := func(n int) float64 { return base - plotH*float64(n)/float64(scale) }

	// Scale: grid lines and their values.
	p.SetFont("Helvetica", "", 6.5)
	p.SetTextColor(90, 90, 90)
	for t := 0; t <= scale; t += step {
		p.SetDrawColor(225, 225, 225)
		p.Line(plotX, yOf(t), plotX+plotW, yOf(t))
		p.SetXY(reportMargin, yOf(t)-1.5)
		p.CellFormat(axisW-1.5, 3, strconv.Itoa(t), "", 0, "R", false, 0, "")
	}

	slot := plotW / float64(len(d.months))
	barW := min(slot*0.36, 12)
	for i, m := range d.months {
		x0 := plotX + slot*float64(i) + slot/2 - barW - 0.4
		for k, n := range []int{m.Lent, m.Returned} {
			bx := x0 + float64(k)*(barW+0.8)
			p.fillRGB([2][3]int{reportLentRGB, reportReturnedRGB}[k])
			if n > 0 {
				p.Rect(bx, yOf(n), barW, base-yOf(n), "F")
			}
			label := strconv.Itoa(n)
			p.SetFont("Helvetica", "", 6.5)
			if p.GetStringWidth(label) <= barW+1.5 { // no label that would run into its neighbour
				p.SetTextColor(40, 40, 40)
				p.SetXY(bx-1, yOf(n)-3.2)
				p.CellFormat(barW+2, 3, label, "", 0, "C", false, 0, "")
			}
		}
		// Month under its pair: short name over the year.
		p.SetTextColor(0, 0, 0)
		p.SetFont("Helvetica", "", 7)
		p.SetXY(plotX+slot*float64(i), base+1)
		p.CellFormat(slot, 3.2, p.tr(d.text.monthsShort[m.month.Month()-1]), "", 2, "C", false, 0, "")
		p.SetX(plotX + slot*float64(i))
		p.CellFormat(slot, 3.2, strconv.Itoa(m.month.Year()), "", 0, "C", false, 0, "")
	}
	p.SetDrawColor(80, 80, 80)
	p.Line(plotX, base, plotX+plotW, base)
	p.Line(plotX, base, plotX, base-plotH)
	p.SetDrawColor(0, 0, 0)
	p.SetTextColor(0, 0, 0)
	p.SetXY(reportMargin, base+labelH)
	p.Ln(6)
}

// reportTimelineH is the height of a visit's SOP timeline.
const reportTimelineH = 26.0

// timeline draws the SOP steps of v as dots on a line: filled when the
// step was recorded, with its name and WIB time below ("—" when not
// recorded) and, above the line, the time taken between consecutive
// recorded steps.
func (p *reportPDF) timeline(v reportVisit) {
	d := p.d
	p.need(reportTimelineH)
	y0 := p.GetY()
	n := len(reportSteps)
	colW := reportWidth / float64(n)
	cx := func(i int) float64 { return reportMargin + colW*(float64(i)+0.5) }
	lineY := y0 + 7.5

	p.SetDrawColor(200, 200, 200)
	p.SetLineWidth(0.5)
	p.Line(cx(0), lineY, cx(n-1), lineY)
	p.SetDrawColor(reportLentRGB[0], reportLentRGB[1], reportLentRGB[2])
	p.SetLineWidth(1)
	p.SetFont("Helvetica", "I", 7)
	for _, iv := range d.intervals(v) {
		p.Line(cx(iv.from), lineY, cx(iv.to), lineY)
		wd := cx(iv.to) - cx(iv.from)
		lines := p.fit(d.intervalName(iv)+" "+d.duration(iv.d), wd, 2)
		for j, line := range lines {
			p.SetXY(cx(iv.from), lineY-2-float64(len(lines)-j)*3)
			p.CellFormat(wd, 3, line, "", 0, "C", false, 0, "")
		}
	}
	p.SetLineWidth(0.3)
	for i, t := range v.steps {
		if t.IsZero() {
			p.SetDrawColor(160, 160, 160)
			p.SetFillColor(255, 255, 255)
		} else {
			p.SetDrawColor(reportLentRGB[0], reportLentRGB[1], reportLentRGB[2])
			p.fillRGB(reportLentRGB)
		}
		p.Circle(cx(i), lineY, 1.6, "FD")
	}
	p.SetLineWidth(0.2)
	p.SetDrawColor(0, 0, 0)

	for i, t := range v.steps {
		x := cx(i) - colW/2
		p.SetFont("Helvetica", "B", 7.5)
		lines := p.fit(d.text.steps[i], colW-2, 2)
		for j, line := range lines {
			p.SetXY(x, lineY+3+float64(j)*3.3)
			p.CellFormat(colW, 3.3, line, "", 0, "C", false, 0, "")
		}
		clock := reportNoTime
		if c := d.clock(v, t); c != "" {
			clock = c + " WIB"
		}
		p.SetFont("Helvetica", "", 9)
		p.SetXY(x, lineY+3+2*3.3+0.8)
		p.CellFormat(colW, 4.5, p.tr(clock), "", 0, "C", false, 0, "")
	}
	p.SetXY(reportMargin, y0+reportTimelineH)
}
