package dev.adjoint.processor.check;

import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.TypeRef;

/** A static field read by differentiated code; never differentiated. */
public record FieldSymbol(TypeRef owner, String name, Kind kind) {}
