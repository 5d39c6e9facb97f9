# Reads the words of a PDF (bbox_words.awk: "PAGE X0 Y0 X1 Y1 TEXT") and
# prints each word that goes on with a table cell's text on the cell's
# next line: one that starts where a word of the line above starts (the
# same column) one cell line lower (14 pt text: 25 pt; a body line is
# 28.9 pt), on the same page, as "CHARS ABOVE|TEXT", CHARS the number of
# characters of TEXT (UTF-8: its bytes less the continuation bytes).
function chars(s) {
	gsub(/[\200-\277]/, "", s)
	return length(s)
}
{
	n++
	pg[n] = $1; x0[n] = $2; y0[n] = $3; t[n] = $6
}
END {
	for (i = 1; i <= n; i++)
		for (j = 1; j <= n; j++) {
			if (pg[j] != pg[i])
				continue
			dy = y0[i] - y0[j]
			dx = x0[i] - x0[j]
			if (dy > 20 && dy < 27 && dx > -1 && dx < 1) {
				printf "%d %s|%s\n", chars(t[i]), t[j], t[i]
				break
			}
		}
}
