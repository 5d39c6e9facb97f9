# Prints the text of every paragraph and heading of an ODT's content.xml
# (standard input), one a line, with its white space and word joiners
# (U+2060) removed, the paragraphs of frames (the 版记) after the others,
# those of table cells last, each after a tab (a wrapped cell's lines are
# interleaved with its neighbours' in pdftotext's reading).
# Used by t_57_print.sh to compare a document's text with its PDF's.
local $/; $_ = <STDIN>;
s/^.*?<office:text>//s;
my (@frames, @tables);
s{<draw:frame\b.*?</draw:frame>}{push @frames, $&; ""}gse;
s{<table:table\b.*?</table:table>}{push @tables, $&; ""}gse;
for my $x ($_, @frames, @tables) {
	my $cell = $x =~ /^<table:table\b/ ? "\t" : "";
	while ($x =~ m{<text:([ph])\b[^>]*>(.*?)</text:\1>}gs) {
		my $t = $2;
		$t =~ s/<[^>]*>//g;
		$t =~ s/&lt;/</g; $t =~ s/&gt;/>/g; $t =~ s/&quot;/"/g; $t =~ s/&apos;/'/g; $t =~ s/&amp;/&/g;
		$t =~ s/\s|\x{e3}\x{80}\x{80}|\x{e2}\x{81}\x{a0}//g;
		print "$cell$t\n" if $t ne "";
	}
}
