#!/usr/bin/perl
# tests/lib/promcheck.pl — check a whole scrape against the Prometheus text
# exposition format 0.0.4, strictly, and against the conventions
# pishkhan(7) promises; prints "ok", or one line per fault, and exits 1.
#
#	promcheck.pl FILE
#
# Checked: every line is a HELP, a TYPE, a comment or a sample, and ends
# with a newline; names and label names are well formed; label values are
# quoted with only \\, \" and \n escaped; values are floats (or NaN, +Inf,
# -Inf); a family's HELP and TYPE come once each, before its samples, and
# its samples are together; no series twice; a sample's name is its
# family's (plus _bucket, _sum, _count for a histogram); counters end in
# _total; a histogram's buckets have an le label, rise in le, are
# cumulative, end with le="+Inf", and that bucket equals _count, for every
# label set, each with its _sum.
use strict;
use warnings;

my $file = shift or die "usage: promcheck.pl FILE\n";
open(my $fh, '<', $file) or die "$file: $!\n";
local $/;
my $text = <$fh>;
close $fh;

my @err;
sub fault { push @err, "line $_[0]: $_[1]" }

my $name_re = qr/[a-zA-Z_:][a-zA-Z0-9_:]*/;
my $lname_re = qr/[a-zA-Z_][a-zA-Z0-9_]*/;
my $float_re = qr/^(?:[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|NaN|[+-]Inf)$/;

push @err, "the scrape is empty" if $text eq '';
push @err, "the last line has no newline" if $text ne '' && substr($text, -1) ne "\n";
my @lines = split /\n/, $text, -1;
pop @lines if @lines && $lines[-1] eq '';

my (%help, %type, %sampled, %closed, %series, %hist);
my $cur;		# the family whose samples come now

# The family a sample belongs to, given the TYPEs seen.
sub family_of {
	my ($n) = @_;
	for my $suffix ('_bucket', '_sum', '_count') {
		if ($n =~ /^(.*)\Q$suffix\E$/ && ($type{$1} // '') eq 'histogram') {
			return ($1, $suffix);
		}
	}
	return ($n, '');
}

my $ln = 0;
for my $line (@lines) {
	$ln++;
	if ($line =~ /^#/) {
		if ($line =~ /^# (HELP|TYPE) (\S+)(?: (.*))?$/) {
			my ($kw, $n, $rest) = ($1, $2, $3 // '');
			fault($ln, "bad metric name '$n'") unless $n =~ /^$name_re$/;
			if ($sampled{$n}) {
				fault($ln, "$kw of $n after its samples");
			}
			if ($kw eq 'HELP') {
				fault($ln, "second HELP for $n") if exists $help{$n};
				fault($ln, "HELP of $n: a backslash that escapes neither \\ nor n")
				    if $rest =~ /\\(?![\\n])/;
				$help{$n} = $rest;
			} else {
				fault($ln, "second TYPE for $n") if exists $type{$n};
				fault($ln, "TYPE of $n: '$rest' is not a type")
				    unless $rest =~ /^(counter|gauge|histogram|summary|untyped)$/;
				$type{$n} = $rest;
			}
			if (defined $cur && $cur ne $n) {
				$closed{$cur} = 1;
			}
			$cur = $n;
			fault($ln, "$n: its family appeared before, elsewhere") if $closed{$n};
		}
		next;		# other comments are allowed
	}
	fault($ln, "an empty line"), next if $line eq '';
	unless ($line =~ /^($name_re)(\{(.*)\})? (\S+)(?: (-?\d+))?$/) {
		fault($ln, "not a sample: '$line'");
		next;
	}
	my ($n, $lbl, $v) = ($1, $3, $4);
	my %labels;
	my @order;
	if (defined $lbl) {
		my $s = $lbl;
		while ($s ne '') {
			if ($s =~ s/^($lname_re)="((?:[^"\\\n]|\\[\\"n])*)"//) {
				my ($k, $val) = ($1, $2);
				fault($ln, "label name '$k' is reserved") if $k =~ /^__/;
				fault($ln, "label '$k' twice") if exists $labels{$k};
				$labels{$k} = $val;
				push @order, $k;
				last if $s eq '';
				if ($s =~ s/^,//) { next; }
				fault($ln, "labels: '$s' after a label");
				last;
			}
			fault($ln, "labels: cannot read '$s'");
			last;
		}
	}
	fault($ln, "value '$v' is not a float") unless $v =~ $float_re;
	my ($fam, $suffix) = family_of($n);
	fault($ln, "$n has no TYPE before it") unless exists $type{$fam};
	fault($ln, "$n has no HELP before it") unless exists $help{$fam};
	if (defined $cur && $cur ne $fam) {
		$closed{$cur} = 1;
		fault($ln, "$fam: its samples are not together") if $closed{$fam};
	}
	$cur = $fam;
	$sampled{$fam} = 1;
	my $t = $type{$fam} // 'untyped';
	fault($ln, "counter $fam does not end in _total") if $t eq 'counter' && $fam !~ /_total$/;
	fault($ln, "$n: a histogram's sample must be _bucket, _sum or _count")
	    if $t eq 'histogram' && $suffix eq '';
	fault($ln, "$n: le outside a histogram's _bucket")
	    if exists $labels{le} && $suffix ne '_bucket';
	my $key = $n . '{' . join(',', map { "$_=$labels{$_}" } sort keys %labels) . '}';
	fault($ln, "series $key twice") if $series{$key}++;
	if ($t eq 'histogram') {
		my %rest = %labels;
		delete $rest{le};
		my $set = join(',', map { "$_=$rest{$_}" } sort keys %rest);
		my $h = $hist{$fam}{$set} //= { buckets => [], line => $ln };
		if ($suffix eq '_bucket') {
			if (!exists $labels{le}) {
				fault($ln, "$n without le");
			} elsif ($labels{le} !~ $float_re) {
				fault($ln, "$n: le=\"$labels{le}\" is not a float");
			} else {
				push @{$h->{buckets}}, [$labels{le}, $v, $ln];
			}
		} else {
			$h->{$suffix} = $v;
		}
	}
}

sub num { my ($s) = @_; return $s eq '+Inf' ? 9**9**9 : $s eq '-Inf' ? -9**9**9 : $s + 0 }

for my $fam (sort keys %hist) {
	for my $set (sort keys %{$hist{$fam}}) {
		my $h = $hist{$fam}{$set};
		my @b = @{$h->{buckets}};
		my $where = "$fam\{$set\}";
		if (!@b) { push @err, "$where: no buckets"; next; }
		for my $i (1 .. $#b) {
			push @err, "$where: le=$b[$i][0] does not rise after le=$b[$i-1][0]"
			    unless num($b[$i][0]) > num($b[$i-1][0]);
			push @err, "$where: bucket le=$b[$i][0] holds fewer than the one before"
			    unless num($b[$i][1]) >= num($b[$i-1][1]);
		}
		push @err, "$where: the last bucket is not le=\"+Inf\"" unless $b[-1][0] eq '+Inf';
		if (!defined $h->{_count}) {
			push @err, "$where: no _count";
		} elsif (num($h->{_count}) != num($b[-1][1])) {
			push @err, "$where: _count $h->{_count} is not the +Inf bucket's $b[-1][1]";
		}
		push @err, "$where: no _sum" unless defined $h->{_sum};
	}
}
for my $n (sort keys %type) {
	push @err, "$n: a TYPE and no sample" unless $sampled{$n};
}

if (@err) {
	print "$_\n" for @err;
	exit 1;
}
print "ok\n";
exit 0;
