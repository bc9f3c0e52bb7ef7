#!/usr/bin/env bash
# The annotation processor's share of a clean javac build of the ADBench sources
# (samples/src/main/java/dev/adjoint/samples/adbench): javac with the processor (it reads the
# @Differentiable methods and writes GmmAdjoint, BaAdjoint, MlpAdjoint, which javac then
# compiles), against javac without it (-proc:none) on the same sources plus the companions it
# generated. Each javac is a fresh JVM (a clean build); the two alternate, and the best and the
# median of $RUNS runs of each are kept. SRC=samples/src/main/java times the whole samples module
# instead (every @Differentiable class of the tour too). Needs the processor built
# (`mvn -B -Pbenchmarks -pl benchmarks -am package -DskipTests`, or `mvn -pl samples -am compile`
# for its classes). Run from the root.
set -euo pipefail
RUNS=${RUNS:-5}
M2=${M2:-$HOME/.m2/repository}
SRC=${SRC:-samples/src/main/java/dev/adjoint/samples/adbench}
PROCESSOR=processor/target/adjoint-processor-0.1.0-SNAPSHOT.jar
[ -f "$PROCESSOR" ] || PROCESSOR=processor/target/classes
PROC=$PROCESSOR:$M2/com/palantir/javapoet/javapoet/0.22.0/javapoet-0.22.0.jar:runtime/target/classes
CP=runtime/target/classes:$M2/org/knowm/xchart/xchart/4.0.3/xchart-4.0.3.jar
SOURCES=$(find "$SRC" -name '*.java')
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
best() { sort -n | head -1; }
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
once() { # javac args...: prints the milliseconds of one javac
  rm -rf "$OUT/classes" "$OUT/gen"; mkdir -p "$OUT/classes" "$OUT/gen"
  local t0 t1
  t0=$(date +%s%N)
  javac --release 17 -nowarn -d "$OUT/classes" -s "$OUT/gen" "$@" > /dev/null 2>&1
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}
# The companions, generated once, for the runs without the processor.
mkdir -p "$OUT/keep"
javac --release 17 -nowarn -d "$OUT/keep" -s "$OUT/keep" -cp "$CP" -processorpath "$PROC" $SOURCES \
  > /dev/null 2>&1
GENERATED=$(find "$OUT/keep" -name '*.java')
: > "$OUT/with"; : > "$OUT/without"
: > "$OUT/shares"
for i in $(seq "$RUNS"); do
  a=$(once -cp "$CP" -processorpath "$PROC" $SOURCES)
  b=$(once -cp "$CP" -proc:none $SOURCES $GENERATED)
  echo "$a" >> "$OUT/with"; echo "$b" >> "$OUT/without"
  echo $(( (a - b) * 100 / a )) >> "$OUT/shares" # this pair's share, in percent
done
echo "load average at the end: $(cat /proc/loadavg)"
w=$(best < "$OUT/with"); wo=$(best < "$OUT/without")
wm=$(median < "$OUT/with"); wom=$(median < "$OUT/without")
echo "with the processor: best $w ms, median $wm ms (of $RUNS: $(sort -n "$OUT/with" | tr '\n' ' '))"
echo "without it: best $wo ms, median $wom ms (of $RUNS: $(sort -n "$OUT/without" | tr '\n' ' '))"
echo "processor share: best $(( (w - wo) * 100 / w ))% ($(( w - wo )) ms of $w ms)," \
  "median $(( (wm - wom) * 100 / wm ))% ($(( wm - wom )) ms of $wm ms)"
echo "processor share per pair (run with, then without): median $(median < "$OUT/shares")%" \
  "(of $RUNS: $(sort -n "$OUT/shares" | tr '\n' ' '))"
echo "sources: $(echo $SOURCES | wc -w) files; generated: $(echo $GENERATED | wc -w) files," \
  "$(cat $GENERATED | wc -l) lines"
