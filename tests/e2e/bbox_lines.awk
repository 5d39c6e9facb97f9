# Reads pdftotext -bbox-layout and prints each line of text on a line of
# its own (the words of a line joined by a space), and an empty line after
# each block: a paragraph's piece on a page, or a table cell.  The XML
# entities pdftotext writes are decoded.
/<\/block>/ {
	print ""
	next
}
/<line / {
	line = ""
	next
}
/<word / {
	w = $0
	sub(/^[^>]*>/, "", w)
	sub(/<\/word>.*$/, "", w)
	gsub(/&lt;/, "<", w); gsub(/&gt;/, ">", w); gsub(/&quot;/, "\"", w)
	gsub(/&apos;/, "'", w); gsub(/&amp;/, "\\&", w)
	line = line == "" ? w : line " " w
	next
}
/<\/line>/ {
	print line
}
