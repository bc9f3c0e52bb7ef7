package dev.adjoint.processor.emit;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.AdjointProcessor;
import org.junit.jupiter.api.Test;

/**
 * The generated companions of a few methods, compared with reviewed golden sources: what a user
 * reads in target/generated-sources. A change to the emitter that alters them must update the
 * goldens on purpose (their gradients are checked numerically in the corpus tests).
 */
class GoldenSourceTest {

  private static void assertGenerates(String input, String companion) {
    Compilation compilation =
        javac()
            .withProcessors(new AdjointProcessor())
            .compile(JavaFileObjects.forResource("golden/" + input + ".java"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("golden." + companion)
        .hasSourceEquivalentTo(JavaFileObjects.forResource("golden/expected/" + companion + ".java"));
  }

  @Test
  void straightLineCodeBecomesAWengertListAndItsAdjoint() {
    assertGenerates("Survey", "SurveyAdjoint");
  }

  @Test
  void loopsRecordTripCountsAndTapeOverwrittenValues() {
    assertGenerates("Doubling", "DoublingAdjoint");
  }
}
