package dev.adjoint.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.read.DifferentiableSignature;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes a second-order method's Hessian-vector product and Hessian, over the differentiated
 * inputs flattened in declaration order ({@code dev.adjoint.Flat}). Both call the forward mode of
 * the pullback ({@code fPullbackJvp}): one call is one Hessian-vector product.
 */
final class SecondOrderWriter {
  private static final ClassName FLAT = ClassName.get("dev.adjoint", "Flat");

  private SecondOrderWriter() {}

  static List<MethodSpec> methods(DifferentiableSignature s, ClassName owner) {
    return List.of(hvp(s, owner), hessian(s, owner));
  }

  static List<ParameterSpec> parameters(DifferentiableSignature s) {
    List<ParameterSpec> params = new ArrayList<>();
    for (int i = 0; i < s.parameterNames().size(); i++) {
      params.add(ParameterSpec.builder(
          TypeName.get(s.method().getParameters().get(i).asType()), s.parameterNames().get(i))
          .build());
    }
    return params;
  }

  private static Names reserved(DifferentiableSignature s) {
    Names names = new Names();
    s.parameterNames().forEach(names::fresh);
    return names;
  }

  /** {@code n}: the size of the flattened inputs, as an expression over the parameters. */
  static CodeBlock size(DifferentiableSignature s) {
    int scalars = 0;
    List<CodeBlock> terms = new ArrayList<>();
    for (int i : s.differentiated()) {
      if (s.parameterKinds().get(i) == Kind.DOUBLE) {
        scalars++;
      } else {
        terms.add(CodeBlock.of("$T.size($N)", FLAT, s.parameterNames().get(i)));
      }
    }
    CodeBlock.Builder sum = CodeBlock.builder();
    if (scalars > 0 || terms.isEmpty()) {
      sum.add("$L", scalars);
    }
    for (CodeBlock term : terms) {
      sum.add(sum.isEmpty() ? "$L" : " + $L", term);
    }
    return sum.build();
  }

  static String inputs(DifferentiableSignature s) {
    List<String> names = new ArrayList<>();
    s.differentiated().forEach(i -> names.add(s.parameterNames().get(i)));
    return names.isEmpty() ? "no input" : "({@code " + String.join("}, {@code ", names) + "})";
  }

  private static MethodSpec hvp(DifferentiableSignature s, ClassName owner) {
    Names names = reserved(s);
    String v = names.fresh("v");
    String offset = names.fresh("offset");
    String adjoint = names.fresh("adjoint");
    String adjointDot = names.fresh("adjointDot");
    String hv = names.fresh("hv");
    MethodSpec.Builder method = MethodSpec.methodBuilder(s.hvpMethodName())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(double[].class)
        .addParameters(parameters(s))
        .addParameter(double[].class, v)
        .addJavadoc("Hessian-vector product of {@link $T#$N}: the Hessian with respect to "
            + inputs(s) + ",\nflattened in declaration order, times {@code $N}. Costs about as much"
            + " as two gradients.\n", owner, s.name(), v);
    method.addStatement("$T.checkSize($N, $L, $S)", FLAT, v, size(s), v);
    method.addStatement("int $N = 0", offset);
    List<CodeBlock> dots = new ArrayList<>();
    List<CodeBlock> buffers = new ArrayList<>();
    List<String> barDots = new ArrayList<>();
    int scalars = 0;
    for (int i : s.differentiated()) {
      String name = s.parameterNames().get(i);
      if (s.parameterKinds().get(i) == Kind.DOUBLE) {
        dots.add(CodeBlock.of("$N[$N++]", v, offset));
        scalars++;
        continue;
      }
      TypeName type = TypeName.get(s.method().getParameters().get(i).asType());
      String dot = names.fresh(name + "Dot");
      method.addStatement("$T $N = $T.zerosLike($N)", type, dot, CodeWriter.ADJOINT, name);
      method.addStatement("$N = $T.read($N, $N, $N)", offset, FLAT, v, offset, dot);
      dots.add(CodeBlock.of("$N", dot));
      String bar = names.fresh(name + "Bar");
      String barDot = names.fresh(name + "BarDot");
      method.addStatement("$T $N = $T.zerosLike($N)", type, bar, CodeWriter.ADJOINT, name);
      method.addStatement("$T $N = $T.zerosLike($N)", type, barDot, CodeWriter.ADJOINT, name);
      buffers.add(CodeBlock.of("$N, $N", bar, barDot));
      barDots.add(barDot);
    }
    CodeBlock.Builder call = CodeBlock.builder();
    s.parameterNames().forEach(p -> call.add("$N, ", p));
    dots.forEach(d -> call.add("$L, ", d));
    call.add("1.0, 0.0");
    if (scalars > 0) {
      method.addStatement("double[] $N = new double[$L]", adjoint, scalars);
      method.addStatement("double[] $N = new double[$L]", adjointDot, scalars);
      call.add(", $N, $N", adjoint, adjointDot);
    }
    buffers.forEach(b -> call.add(", $L", b));
    method.addStatement("$N($L)", s.pullbackJvpMethodName(), call.build());
    method.addStatement("double[] $N = new double[$N.length]", hv, v);
    method.addStatement("$N = 0", offset);
    int slot = 0;
    int array = 0;
    for (int i : s.differentiated()) {
      if (s.parameterKinds().get(i) == Kind.DOUBLE) {
        method.addStatement("$N[$N++] = $N[$L]", hv, offset, adjointDot, slot++);
      } else {
        method.addStatement("$N = $T.write($N, $N, $N)", offset, FLAT, barDots.get(array++), hv,
            offset);
      }
    }
    return method.addStatement("return $N", hv).build();
  }

  private static MethodSpec hessian(DifferentiableSignature s, ClassName owner) {
    Names names = reserved(s);
    String n = names.fresh("n");
    String hessian = names.fresh("hessian");
    String direction = names.fresh("direction");
    String j = names.fresh("j");
    CodeBlock.Builder args = CodeBlock.builder();
    s.parameterNames().forEach(p -> args.add("$N, ", p));
    args.add("$N", direction);
    return MethodSpec.methodBuilder(s.hessianMethodName())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(double[][].class)
        .addParameters(parameters(s))
        .addJavadoc("The Hessian of {@link $T#$N} with respect to " + inputs(s) + ", flattened in"
            + "\ndeclaration order: one Hessian-vector product per input, by forward over reverse"
            + " mode.\n", owner, s.name())
        .addStatement("int $N = $L", n, size(s))
        .addStatement("double[][] $N = new double[$N][]", hessian, n)
        .addStatement("double[] $N = new double[$N]", direction, n)
        .beginControlFlow("for (int $N = 0; $N < $N; $N++)", j, j, n, j)
        .addStatement("$N[$N] = 1.0", direction, j)
        .addStatement("$N[$N] = $N($L)", hessian, j, s.hvpMethodName(), args.build())
        .addStatement("$N[$N] = 0.0", direction, j)
        .endControlFlow()
        .addStatement("return $N", hessian)
        .build();
  }
}
