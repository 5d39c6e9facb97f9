# Reads the rows of a page rendered at 10 pixels a millimetre (a binary
# PPM, P6, through od -An -tu1 -v) and prints the bands of rows that hold
# ink, from the top: "red|dark TOP BOTTOM LEFT RIGHT" in millimetres (LEFT
# and RIGHT of the red ink only).  Red is the 版头's #E60012; dark is black
# text.  Used by t_57_print.sh to measure the 红头 of a decision.
{
	for (i = 1; i <= NF; i++) {
		if (nl < 3) {	# the header: "P6\nW H\n255\n"
			if ($i == 10 || $i == 32) {
				if ($i == 10)
					nl++
				head = head " "
			} else
				head = head sprintf("%c", $i)
			if (nl == 3) {	# "P6 W H 255 "
				split(head, f, " ")
				w = f[2]; h = f[3]
			}
			continue
		}
		v[k++] = $i
		if (k < 3)
			continue
		k = 0
		row = int(px / w); col = px % w; px++
		if (v[0] > 170 && v[1] < 90 && v[2] < 90) {
			red[row] = 1
			if (!(row in rmin) || col < rmin[row])
				rmin[row] = col
			if (col > rmax[row])
				rmax[row] = col
		} else if (v[0] < 100 && v[1] < 100 && v[2] < 100)
			dark[row] = 1
	}
}
END {
	for (r = 0; r <= h; r++) {
		kind = (r in red) ? "red" : ((r in dark) ? "dark" : "")
		if (kind != prev) {
			if (prev != "")
				printf "%s %.1f %.1f %.1f %.1f\n", prev, s / 10,
				    r / 10, xmn / 10, xmx / 10
			s = r; xmn = w; xmx = 0
		}
		if (kind == "red") {
			if (rmin[r] < xmn) xmn = rmin[r]
			if (rmax[r] > xmx) xmx = rmax[r]
		}
		prev = kind
	}
}
