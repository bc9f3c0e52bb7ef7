#!/usr/bin/env bash
# The annotation processor's share of a clean javac build of the ADBench sources
# (samples/src/main/java/dev/adjoint/samples/adbench): javac with the processor (it reads the
# @Differentiable methods and writes GmmAdjoint, BaAdjoint, MlpAdjoint, which javac then
# compiles), against javac without it (-proc:none) on the same sources plus the companions it
# generated. Each javac is a fresh JVM (a clean build); the best of $RUNS runs of each is kept.
# Needs `mvn -B -Pbenchmarks -pl benchmarks -am package -DskipTests` first. Run from the root.
set -euo pipefail
RUNS=${RUNS:-5}
M2=${M2:-$HOME/.m2/repository}
SRC=samples/src/main/java/dev/adjoint/samples/adbench
PROC=processor/target/adjoint-processor-0.1.0-SNAPSHOT.jar:$M2/com/palantir/javapoet/javapoet/0.22.0/javapoet-0.22.0.jar:runtime/target/classes
CP=runtime/target/classes
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
best() { sort -n | head -1; }
run() { # label, javac args...
  local label=$1; shift
  for i in $(seq "$RUNS"); do
    rm -rf "$OUT/classes" "$OUT/gen"; mkdir -p "$OUT/classes" "$OUT/gen"
    local t0 t1
    t0=$(date +%s%N)
    javac --release 17 -d "$OUT/classes" -s "$OUT/gen" "$@"
    t1=$(date +%s%N)
    echo $(( (t1 - t0) / 1000000 ))
  done | best | sed "s/^/$label /"
}
with=$(run with-processor -cp "$CP" -processorpath "$PROC" $SRC/*.java)
# The companions, generated once, for the run without the processor.
mkdir -p "$OUT/keep"
javac --release 17 -d "$OUT/keep" -s "$OUT/keep" -cp "$CP" -processorpath "$PROC" $SRC/*.java
without=$(run without-processor -cp "$CP" -proc:none $SRC/*.java $(find "$OUT/keep" -name '*Adjoint.java'))
echo "$with ms (best of $RUNS)"
echo "$without ms (best of $RUNS)"
w=${with##* }; wo=${without##* }
echo "processor share: $(( (w - wo) * 100 / w ))% ($(( w - wo )) ms of $w ms)"
echo "generated lines: $(cat $(find "$OUT/keep" -name '*Adjoint.java') | wc -l)"
