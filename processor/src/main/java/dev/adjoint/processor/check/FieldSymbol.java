package dev.adjoint.processor.check;

import dev.adjoint.processor.ir.Kind;
import dev.adjoint.processor.ir.TypeRef;

/**
 * A static field read by differentiated code; never differentiated.
 *
 * @param owner the class that declares the field
 * @param name the field's name
 * @param kind its kind
 */
public record FieldSymbol(TypeRef owner, String name, Kind kind) {}
