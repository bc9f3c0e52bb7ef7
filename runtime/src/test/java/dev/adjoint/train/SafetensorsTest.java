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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
  @TempDir Path dir;

  /** A file as the format describes it: length, header, data. */
  static byte[] file(String header, byte[] data) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h).put(data);
    return b.array();
  }

  static byte[] le(double... values) {
    ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      b.putDouble(v);
    }
    return b.array();
  }

  @Test
  void writesExactlyTheDocumentedBytes() throws IOException {
    Path f = dir.resolve("a.safetensors");
    Map<String, Safetensors.Entry> tensors = new LinkedHashMap<>();
    tensors.put("a", Safetensors.Entry.f64(new double[] {1.0, -2.0}, 2));
    tensors.put("n", Safetensors.Entry.i64(new long[] {7}));
    Safetensors.write(f, tensors, Map.of("k", "v"));
    String header =
        "{\"__metadata__\":{\"k\":\"v\"},"
            + "\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
            + "\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[16,24]}}";
    header += " ".repeat((8 - header.length() % 8) % 8);
    ByteBuffer seven = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(7);
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    data.writeBytes(le(1.0, -2.0));
    data.writeBytes(seven.array());
    assertArrayEquals(file(header, data.toByteArray()), Files.readAllBytes(f));
    assertEquals(0, (Files.size(f) - 8 - 24) % 8, "the header is padded to 8 bytes");
  }

  @Test
  void roundTripsTensorsScalarsEmptyTensorsAndMetadata() throws IOException {
    Path f = dir.resolve("t.safetensors");
    Map<String, Safetensors.Entry> tensors = new LinkedHashMap<>();
    double[] odd = {Double.NaN, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE, 1e308, 0.1};
    tensors.put("w", Safetensors.Entry.f64(odd, 2, 3));
    tensors.put("scalar", Safetensors.Entry.f64(new double[] {3.5}));
    tensors.put("empty", Safetensors.Entry.f64(new double[0], 0, 4));
    tensors.put("steps", Safetensors.Entry.i64(new long[] {Long.MAX_VALUE, -1}, 2));
    tensors.put("ünïcödé \"name\"", Safetensors.Entry.f64(new double[] {1}, 1));
    Safetensors.write(f, tensors, Map.of("note", "line\nbreak \u00e9 \"quoted\""));
    Safetensors.Contents c = Safetensors.read(f);
    assertEquals(
        List.of("w", "scalar", "empty", "steps", "ünïcödé \"name\""),
        List.copyOf(c.tensors().keySet()));
    for (int i = 0; i < odd.length; i++) {
      assertEquals(
          Double.doubleToRawLongBits(odd[i]),
          Double.doubleToRawLongBits(c.tensors().get("w").doubles()[i]));
    }
    assertArrayEquals(new int[] {2, 3}, c.tensors().get("w").shape());
    assertEquals(Tensor.scalar(3.5), c.tensors().get("scalar").toTensor());
    assertArrayEquals(new int[] {0, 4}, c.tensors().get("empty").shape());
    assertArrayEquals(new long[] {Long.MAX_VALUE, -1}, c.tensors().get("steps").longs());
    assertEquals("line\nbreak \u00e9 \"quoted\"", c.metadata().get("note"));

    Tensor t = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
    Safetensors.save(f, Map.of("t", t));
    assertEquals(Map.of("t", t), Safetensors.load(f));
  }

  @Test
  void readsWhatOtherWritersWriteF32AndI32AnyOrderAndSpacing() throws IOException {
    // As torch or numpy might write: keys in another order than the data, F32 and I32, no padding.
    String header =
        "{ \"b\" : {\"data_offsets\":[8,16], \"dtype\":\"I32\", \"shape\":[2]},\n"
            + "  \"a\": {\"shape\": [1, 2], \"dtype\": \"F32\", \"data_offsets\": [0, 8]} }";
    ByteBuffer data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    data.putFloat(1.5f).putFloat(-0.25f).putInt(3).putInt(-4);
    Path f = dir.resolve("torch.safetensors");
    Files.write(f, file(header, data.array()));
    Safetensors.Contents c = Safetensors.read(f);
    assertArrayEquals(new double[] {1.5, -0.25}, c.tensors().get("a").doubles());
    assertEquals("F32", c.tensors().get("a").dtype());
    assertArrayEquals(new long[] {3, -4}, c.tensors().get("b").longs());
    assertTrue(c.metadata().isEmpty());
  }

  private String error(byte[] bytes) throws IOException {
    Path f = dir.resolve("bad.safetensors");
    Files.write(f, bytes);
    return assertThrows(CheckpointException.class, () -> Safetensors.read(f)).getMessage();
  }

  private static final String A =
      "{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}";

  @Test
  void badFilesSayWhatIsWrong() throws IOException {
    byte[] good = file(A, le(1, 2));
    assertTrue(error(Arrays.copyOf(good, 5)).contains("truncated"));
    assertTrue(error(Arrays.copyOf(good, 20)).contains("truncated: the header should have"));
    assertTrue(
        error(Arrays.copyOf(good, good.length - 3))
            .contains("truncated: the header describes 16 bytes of data but the file has 13"));
    assertTrue(error(file(A, le(1, 2, 3))).contains("8 bytes after the last tensor's data"));
    byte[] huge = good.clone();
    huge[7] = 0x7f;
    assertTrue(error(huge).contains("not a safetensors file: header length"));
    assertTrue(error(file("[1, 2, 3]", new byte[0])).contains("not a JSON object"));
    assertTrue(
        error(file("{\"a\": {\"dtype\": \"F64\",}}", new byte[0]))
            .contains("malformed header JSON"));
    assertTrue(
        error(file(A.replace("F64", "BF16"), le(1, 2)))
            .contains("dtype BF16, which is not supported"));
    assertTrue(
        error(file(A.replace("[2]", "[3]"), le(1, 2)))
            .contains("do not hold 3 elements of F64 (24 bytes)"));
    assertTrue(
        error(file(A.replace("[0,16]", "[8,24]"), le(1, 2, 3))).contains("a hole before it"));
    String two =
        "{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
            + "\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}}";
    assertTrue(error(file(two, le(1, 2))).contains("overlaps another"));
    assertTrue(error(file("{\"a\":{},\"a\":{}}", new byte[0])).contains("repeated key \"a\""));
    assertTrue(error(file("{\"__metadata__\":{\"k\":1}}", new byte[0])).contains("not a string"));
    assertTrue(
        error(file(A.replace("\"shape\"", "\"sh\":1,\"shape\""), le(1, 2)))
            .contains("unknown field 'sh'"));
    assertTrue(error(file(A.replace("[2]", "[-2]"), le(1, 2))).contains("non-negative integers"));
  }

  @Test
  void aWriteThatFailsLeavesTheOldFileAndNoTemporaryFile() throws IOException {
    Path f = dir.resolve("model.safetensors");
    Safetensors.save(f, Map.of("w", Tensor.vector(1, 2, 3)));
    byte[] before = Files.readAllBytes(f);
    // A map whose values fail while the data is written, after the temporary file is created.
    Map<String, Safetensors.Entry> failing =
        new LinkedHashMap<>() {
          @Override
          public Collection<Safetensors.Entry> values() {
            throw new IllegalStateException("disk full (simulated)");
          }
        };
    failing.put("w", Safetensors.Entry.f64(new double[] {4, 5, 6}, 3));
    assertThrows(IllegalStateException.class, () -> Safetensors.write(f, failing, Map.of()));
    assertArrayEquals(before, Files.readAllBytes(f));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(f), files.toList());
    }
    // The file has the permissions of any new file (not a temporary file's owner-only ones).
    if (f.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Path plain = Files.write(dir.resolve("plain"), new byte[1]);
      assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(f));
      Files.delete(plain);
    }
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Safetensors.write(
                f, Map.of("__metadata__", Safetensors.Entry.f64(new double[] {1}, 1)), Map.of()));
  }
}
