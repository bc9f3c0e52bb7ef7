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
package dev.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sizes that keep the tape fast under HotSpot (see the comment above {@code Tape.grow}): push
 * and pop of values small enough to be inlined at every call site (at most 35 bytes of bytecode,
 * -XX:MaxInlineSize), and the block changes they call too large to be inlined into them however hot
 * (more than 325 bytes, -XX:FreqInlineSize). Read from Tape's class file.
 */
class TapeInliningTest {
  /** Bytecode length of each method of Tape, by name and descriptor. */
  private static Map<String, Integer> codeLengths() throws IOException {
    Map<String, Integer> lengths = new HashMap<>();
    try (InputStream in = Tape.class.getResourceAsStream("Tape.class");
        DataInputStream data = new DataInputStream(in)) {
      data.readInt(); // magic
      data.readUnsignedShort(); // minor
      data.readUnsignedShort(); // major
      int count = data.readUnsignedShort();
      String[] utf8 = new String[count];
      for (int i = 1; i < count; i++) {
        int tag = data.readUnsignedByte();
        switch (tag) {
          case 1 -> utf8[i] = data.readUTF();
          case 3, 4 -> data.readInt();
          case 5, 6 -> {
            data.readLong();
            i++; // takes two entries
          }
          case 7, 8, 16, 19, 20 -> data.readUnsignedShort();
          case 9, 10, 11, 12, 17, 18 -> data.readInt();
          case 15 -> {
            data.readUnsignedByte();
            data.readUnsignedShort();
          }
          default -> throw new IOException("constant pool tag " + tag);
        }
      }
      data.readUnsignedShort(); // access
      data.readUnsignedShort(); // this
      data.readUnsignedShort(); // super
      data.skipBytes(2 * data.readUnsignedShort()); // interfaces
      for (int kind = 0; kind < 2; kind++) { // fields, then methods
        int members = data.readUnsignedShort();
        for (int m = 0; m < members; m++) {
          data.readUnsignedShort(); // access
          String name = utf8[data.readUnsignedShort()] + utf8[data.readUnsignedShort()];
          int attributes = data.readUnsignedShort();
          for (int a = 0; a < attributes; a++) {
            String attribute = utf8[data.readUnsignedShort()];
            int length = data.readInt();
            if (kind == 1 && attribute.equals("Code")) {
              data.readUnsignedShort(); // max stack
              data.readUnsignedShort(); // max locals
              int code = data.readInt();
              lengths.put(name, code);
              data.skipBytes(length - 8);
            } else {
              data.skipBytes(length);
            }
          }
        }
      }
    }
    return lengths;
  }

  @Test
  void pushAndPopAreSmallEnoughToInlineEverywhere() throws IOException {
    Map<String, Integer> lengths = codeLengths();
    for (String method :
        new String[] {
          "push(D)V", "push(J)V", "push(I)V", "push(Ljava/lang/Object;)V", "push(Z)V",
          "popDouble()D", "popLong()J", "popInt()I", "popBoolean()Z", "popFloat()F"
        }) {
      Integer length = lengths.get(method);
      assertTrue(length != null, method + " not found in " + lengths.keySet());
      assertTrue(length <= 35, method + " has " + length + " bytes of bytecode, more than 35");
    }
  }

  @Test
  void blockChangesAreTooLargeToInline() throws IOException {
    Map<String, Integer> lengths = codeLengths();
    for (String method : new String[] {"grow(I)V", "shrink(I)V"}) {
      Integer length = lengths.get(method);
      assertTrue(length != null, method + " not found in " + lengths.keySet());
      assertTrue(length > 325, method + " has " + length + " bytes of bytecode, 325 or fewer");
    }
    // Nothing else that push or pop could call: one method per direction.
    assertEquals(
        0,
        lengths.keySet().stream()
            .filter(m -> m.matches("(next|previous).*Block.*|push.*InNextBlock.*"))
            .count());
  }
}
