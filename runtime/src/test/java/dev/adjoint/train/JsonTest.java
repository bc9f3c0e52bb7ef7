/*
 * Copyright 2026 The Adjoint Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file
 * except in compliance with the License. You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software distributed under the
 * License is distributed on an "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND,
 * either express or implied. See the License for the specific language governing permissions
 * and limitations under the License.
 */
package dev.adjoint.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void readsEveryKindOfValue() {
    Object v =
        Json.parse(
            " {\"a\": [1, -2, 3.5, 1e3, true, false, null], \"b\": {\"c\": \"\\u00e9\\n\\\"x\\\"\\/\"},"
                + " \"big\": 12345678901234567890, \"empty\": {}, \"none\": []}  ");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("a", Arrays.asList(1L, -2L, 3.5, 1000.0, true, false, null));
    expected.put("b", Map.of("c", "é\n\"x\"/"));
    expected.put("big", 1.2345678901234567e19);
    expected.put("empty", Map.of());
    expected.put("none", List.of());
    assertEquals(expected, v);
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(((Map<?, ?>) v).keySet()));
  }

  @Test
  void quotesWhatItReads() {
    String s = "tab\t \"q\" back\\slash \u0001 é";
    assertEquals(s, Json.parse(Json.quote(s)));
  }

  @Test
  void refusesWhatIsNotStrictJson() {
    for (String bad :
        List.of(
            "{\"a\":1,}",
            "[1,]",
            "{'a':1}",
            "{\"a\":1} x",
            "{\"a\" 1}",
            "01",
            "-",
            "1.",
            "\"tab\there\"",
            "\"\\x\"",
            "{\"a\":1,\"a\":2}",
            "tru",
            "",
            "[1 2]",
            "/* c */ {}")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
      assertTrue(e.getMessage().contains("at character"), e.getMessage());
    }
  }
}
