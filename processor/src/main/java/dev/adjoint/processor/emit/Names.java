package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.Var;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Gives every variable of a generated method a distinct Java name, keeping the user's names
 * wherever they are free and suffixing {@code _2}, {@code _3}, ... where two would clash.
 */
final class Names {
  private final Set<String> used = new HashSet<>();
  private final Map<Var, String> names = new IdentityHashMap<>();

  /** Reserves a name exactly (a parameter's); it must be free. */
  void reserve(Var v) {
    used.add(v.name());
    names.put(v, v.name());
  }

  /** Gives {@code v} a fresh name based on {@code suggestion}. */
  String bind(Var v, String suggestion) {
    String name = fresh(suggestion);
    names.put(v, name);
    return name;
  }

  String name(Var v) {
    return names.computeIfAbsent(v, x -> fresh(x.name()));
  }

  boolean has(Var v) {
    return names.containsKey(v);
  }

  String fresh(String suggestion) {
    String name = suggestion;
    for (int i = 2; used.contains(name) || SourceVersion.isKeyword(name); i++) {
      name = suggestion + "_" + i;
    }
    used.add(name);
    return name;
  }
}
