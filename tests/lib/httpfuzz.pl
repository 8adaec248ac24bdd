#!/usr/bin/perl
# tests/lib/httpfuzz.pl — send seeded mutations of real HTTP requests.
#
#	perl httpfuzz.pl PORT SEEDDIR SEED COUNT
#
# Each of COUNT requests is one of the files in SEEDDIR (a raw request, as a
# browser sends it; "@TOKEN@" becomes a fresh form token each time) with one
# to three mutations: bit flips, truncation, a header line duplicated or
# removed, a multipart boundary line duplicated or removed, a huge, negative
# or wrong Content-Length, a chunked body, a long run of one byte, bytes
# spliced from another seed.  Half the time the Content-Length is made right
# again so that the body is parsed.  Each request has its own connection to
# 127.0.0.1:PORT (24 at once); the client half-closes after sending and
# reads the answer to the end.  The same SEED gives the same requests.
# Prints one summary line: "sent N answered A stuck S" ("refused" when the
# server stopped taking connections) and the count of each status.  A
# connection silent for 15 s is given up as stuck.  With PK_HTTPFUZZ_KEEP=DIR,
# the requests of stuck connections and of 500 and 503 answers are written
# there, each with the start of its answer.
use strict;
use warnings;
use IO::Socket::INET;
use IO::Select;
use Socket qw(SHUT_WR);

my ($port, $dir, $seed, $count) = @ARGV;
die "usage: httpfuzz.pl PORT SEEDDIR SEED COUNT\n" unless defined $count;
srand($seed);

opendir(my $dh, $dir) or die "httpfuzz: $dir: $!\n";
my @seeds;
for my $f (sort grep { !/^\./ } readdir $dh) {
	open(my $fh, '<:raw', "$dir/$f") or die "httpfuzz: $dir/$f: $!\n";
	local $/;
	push @seeds, scalar <$fh>;
	close $fh;
}
closedir $dh;
die "httpfuzz: no seeds in $dir\n" unless @seeds;

sub token { join '', map { sprintf '%02x', int rand 256 } 1 .. 16 }

sub split_req {
	my ($r) = @_;
	my $i = index $r, "\r\n\r\n";
	return ($r, '') if $i < 0;
	return (substr($r, 0, $i + 2), substr($r, $i + 4));
}

sub fix_length {
	my ($r) = @_;
	my ($h, $b) = split_req($r);
	my $n = length $b;
	$h =~ s/^Content-Length:[^\r\n]*/Content-Length: $n/mi;
	return "$h\r\n$b";
}

my @mutators = (
	sub {	# flip a few bits
		my $r = shift;
		return $r unless length $r;
		for (1 .. 1 + int rand 8) {
			my $p = int rand length $r;
			substr($r, $p, 1) = chr(ord(substr $r, $p, 1) ^ (1 << int rand 8));
		}
		$r;
	},
	sub {	# cut it short
		my $r = shift;
		substr $r, 0, int rand length $r;
	},
	sub {	# a header line twice
		my $r = shift;
		my ($h, $b) = split_req($r);
		my @l = split /\r\n/, $h;
		return $r if @l < 2;
		my $i = 1 + int rand(@l - 1);
		splice @l, $i, 0, $l[$i];
		join("\r\n", @l) . "\r\n\r\n" . $b;
	},
	sub {	# a header line gone
		my $r = shift;
		my ($h, $b) = split_req($r);
		my @l = split /\r\n/, $h;
		return $r if @l < 2;
		splice @l, 1 + int rand(@l - 1), 1;
		join("\r\n", @l) . "\r\n\r\n" . $b;
	},
	sub {	# a boundary line twice, or gone, or its closing dashes gone
		my $r = shift;
		my @at;
		while ($r =~ /(--[-0-9A-Za-z]{6,}(?:--)?\r\n)/g) {
			push @at, [$-[1], length $1];
		}
		return $r unless @at;
		my ($p, $n) = @{ $at[int rand @at] };
		my $k = int rand 3;
		my $line = substr $r, $p, $n;
		if ($k == 0) { substr($r, $p, 0) = $line }
		elsif ($k == 1) { substr($r, $p, $n) = '' }
		else { $line =~ s/--\r\n$/\r\n/; substr($r, $p, $n) = $line }
		$r;
	},
	sub {	# a Content-Length that lies
		my $r = shift;
		my @v = ('99999999999999999999', '18446744073709551615', '-1', '0', 'abc',
		    ' 12', '1e9', '4294967297', int rand 100000);
		my $v = $v[int rand @v];
		$r =~ s/^Content-Length:[^\r\n]*/Content-Length: $v/mi;
		$r;
	},
	sub {	# the body chunked, with a bad or huge chunk now and then
		my $r = shift;
		my ($h, $b) = split_req($r);
		$h =~ s/^Content-Length:[^\r\n]*\r\n//mi;
		$h .= "Transfer-Encoding: chunked\r\n";
		my $out = '';
		while (length $b) {
			my $n = 1 + int rand 4000;
			my $c = substr $b, 0, $n, '';
			my $len = sprintf '%x', length $c;
			$len = ('ffffffffffffffff', 'zz', '-5', '7fffffff')[int rand 4] if rand() < 0.1;
			$out .= "$len\r\n$c\r\n";
		}
		"$h\r\n$out" . (rand() < 0.8 ? "0\r\n\r\n" : '');
	},
	sub {	# a long run of one byte somewhere (a huge name, header or field)
		my $r = shift;
		my $p = int rand(1 + length $r);
		substr($r, $p, 0) = chr(int rand 256) x (1 + int rand 70000);
		$r;
	},
	sub {	# bytes of another request spliced in
		my $r = shift;
		my $o = $seeds[int rand @seeds];
		my $p = int rand(1 + length $o);
		my $n = int rand(1 + length($o) - $p);
		substr($r, int rand(1 + length $r), 0) = substr $o, $p, $n;
		$r;
	},
);

# Up to $PAR connections at once: a request cut short waits for the
# server's own timeouts (web.header_timeout, web.idle_timeout), and the
# others go on meanwhile.
my $PAR = 24;
my $QUIET = 15;		# seconds without a byte either way: the connection is stuck
my ($sent, $answered, $stuck, $refused, %status) = (0, 0, 0, 0);
my (%conns, $next);
$next = 0;
$SIG{PIPE} = 'IGNORE';

sub finish {
	my ($c, $eof) = @_;
	my $s = $c->{sock};
	delete $conns{fileno $s};
	close $s;
	my $code = $c->{resp} =~ m{^HTTP/1\.[01] (\d{3})} ? $1 : '';
	if ($code ne '') {
		$answered++;
		$status{$code}++;
	}
	$stuck++ unless $eof;
	# a request that wedged its connection, or that the server blamed
	# on itself (500, 503): kept for a look
	if (length($ENV{PK_HTTPFUZZ_KEEP} // "") && (!$eof || $code =~ /^50[03]$/)) {
		my $f = "$ENV{PK_HTTPFUZZ_KEEP}/" . ($eof ? $code : 'stuck') . "-$seed-$c->{n}";
		open(my $o, '>:raw', $f) or die "httpfuzz: $f: $!\n";
		print $o $c->{req}, "\n=== answer ===\n", $c->{resp};
		close $o;
	}
}

while ($next < $count || %conns) {
	while ($next < $count && keys %conns < $PAR && !$refused) {
		my $r = $seeds[int rand @seeds];
		$r =~ s/\@TOKEN\@/token()/ge;
		$r = $mutators[int rand @mutators]->($r) for 1 .. 1 + int rand 3;
		$r = fix_length($r) if rand() < 0.5;
		$next++;
		my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port,
		    Proto => 'tcp', Blocking => 0);
		if (!$s) { $refused++; last }	# the server is gone
		binmode $s;
		$sent++;
		$conns{fileno $s} = { sock => $s, req => $r, off => 0, resp => '',
		    n => $next, last => time };
	}
	last if !%conns;
	my ($rd, $wr) = (IO::Select->new, IO::Select->new);
	for my $c (values %conns) {
		$rd->add($c->{sock});
		$wr->add($c->{sock}) if $c->{off} < length $c->{req};
	}
	my ($canr, $canw) = IO::Select->select($rd, $wr, undef, 0.5);
	for my $s (@{ $canw || [] }) {
		my $c = $conns{fileno $s} or next;
		my $n = syswrite $s, $c->{req}, 65536, $c->{off};
		if (defined $n && $n > 0) {
			$c->{off} += $n;
			$c->{last} = time;
		} elsif (!defined $n && !$!{EAGAIN} && !$!{EINPROGRESS}) {
			$c->{off} = length $c->{req};	# the server closed early
		}
		shutdown $s, SHUT_WR if $c->{off} >= length $c->{req};
	}
	for my $s (@{ $canr || [] }) {
		my $c = $conns{fileno $s} or next;
		my $buf;
		my $n = sysread $s, $buf, 65536;
		if (defined $n && $n > 0) {
			$c->{resp} .= $buf if length $c->{resp} < 4096;
			$c->{last} = time;
		} elsif (defined $n || !$!{EAGAIN}) {
			finish($c, 1);
		}
	}
	for my $c (values %conns) {
		finish($c, 0) if time - $c->{last} > $QUIET;
	}
}
print "sent $sent answered $answered stuck $stuck ",
    ($refused ? "refused " : ''),
    join(' ', map { "$_:$status{$_}" } sort keys %status), "\n";
