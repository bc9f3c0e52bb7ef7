/**
 * The intermediate representation that the stages pass along (internal): a {@link
 * dev.adjoint.processor.ir.Function} of {@link dev.adjoint.processor.ir.Var}s, {@link
 * dev.adjoint.processor.ir.Stmt}s (assignments, array stores, branches, loops, and the tape and
 * call statements the transforms add) and {@link dev.adjoint.processor.ir.Expr}s. Each node type
 * has one method in {@code Stmt.Visitor} or {@code Expr.Visitor}, so a walk written with them stops
 * compiling when a node is added. {@link dev.adjoint.processor.ir.IrPrinter} prints the IR as text
 * for golden tests and debugging ({@code -Aadjoint.printIr}).
 */
package dev.adjoint.processor.ir;
