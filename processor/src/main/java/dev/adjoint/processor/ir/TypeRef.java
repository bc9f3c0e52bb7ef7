package dev.adjoint.processor.ir;

import java.util.List;

/**
 * A class named by its package and its simple names, outermost first.
 *
 * @param packageName the package, empty for the unnamed package
 * @param simpleNames the simple names, outermost class first
 */
public record TypeRef(String packageName, List<String> simpleNames) {
  /**
   * Copies the names, so that the record is immutable.
   *
   * @param packageName the package, empty for the unnamed package
   * @param simpleNames the simple names, outermost class first
   */
  public TypeRef {
    simpleNames = List.copyOf(simpleNames);
  }

  /**
   * A class of a package.
   *
   * @param packageName the package, empty for the unnamed package
   * @param simpleNames the simple names, outermost class first
   * @return the reference
   */
  public static TypeRef of(String packageName, String... simpleNames) {
    return new TypeRef(packageName, List.of(simpleNames));
  }

  /**
   * The qualified name, with dots between nested classes.
   *
   * @return the name, such as {@code p.Outer.Inner}
   */
  public String qualifiedName() {
    String nested = String.join(".", simpleNames);
    return packageName.isEmpty() ? nested : packageName + "." + nested;
  }

  @Override
  public String toString() {
    return qualifiedName();
  }
}
