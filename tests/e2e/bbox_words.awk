# Reads pdftotext -bbox-layout and prints each word (for Chinese text, a
# line of a paragraph) as "PAGE XMIN YMIN XMAX YMAX TEXT", in points from
# the page's upper left corner, pages counted from 1.
/<page / {
	page++
	next
}
/<word / {
	split($0, a, "\"")
	w = $0
	sub(/^[^>]*>/, "", w)
	sub(/<\/word>.*$/, "", w)
	gsub(/&lt;/, "<", w); gsub(/&gt;/, ">", w); gsub(/&amp;/, "\\&", w)
	print page, a[2], a[4], a[6], a[8], w
}
