#!/usr/bin/env bash
# Prints the outcome of a test run from its TRX file, ending with "N passed, N failed, N skipped".
# Anything that did not pass counts as failed: Error, Timeout, Aborted, NotExecuted, Inconclusive, a test
# defined in the run but with no result (the test host died under it), and a run that exited non-zero
# with no failed test to show for it. Usage: count-trx.sh RESULTS.trx [EXIT_STATUS_OF_THE_RUN]
set -uo pipefail
trx="${1:-}"
status="${2:-0}"
if [ -z "$trx" ] || [ ! -f "$trx" ]; then
  echo "FAILED the test run: no results file${trx:+ ($trx)}"
  echo "0 passed, 1 failed, 0 skipped"
  exit 0
fi
RUN_STATUS="$status" perl -0ne '
  my $defined = () = /<UnitTest\s/g;
  my ($results, $passed) = (0, 0);
  my %reported;
  while (/<UnitTestResult\s([^>]*?)\/?>(.*?)(?=<UnitTestResult\s|<\/Results>|\z)/sg) {
    my ($attrs, $body) = ($1, $2);
    my ($name) = $attrs =~ /testName="([^"]*)"/;
    my ($id) = $attrs =~ /testId="([^"]*)"/;
    my ($outcome) = $attrs =~ /outcome="([^"]*)"/;
    $results++; $reported{$id // ""} = 1;
    if (($outcome // "") eq "Passed") { $passed++; next; }
    my ($message) = $body =~ /<Message>(.*?)<\/Message>/s;
    $message //= "(no message)"; $message =~ s/\s+/ /g;
    print "FAILED $name [", ($outcome // "no outcome"), "]: ", substr($message, 0, 600), "\n";
  }
  while (/<UnitTest\s[^>]*?name="([^"]*)"[^>]*?id="([^"]*)"/sg) {
    print "FAILED $1 [no result: the test host stopped before it finished]\n" unless $reported{$2};
  }
  my $missing = $defined > $results ? $defined - $results : 0;
  my $failed = $results - $passed + $missing;
  if ($failed == 0 && $ENV{RUN_STATUS} != 0) {
    print "FAILED the test run: it exited with status $ENV{RUN_STATUS} though no test failed\n";
    $failed = 1;
  }
  print "$passed passed, $failed failed, 0 skipped\n";
' "$trx"
