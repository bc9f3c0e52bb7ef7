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

import dev.adjoint.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and writes the <a href="https://huggingface.co/docs/safetensors">safetensors</a> format,
 * which PyTorch ({@code safetensors.torch.load_file}), JAX, NumPy and Hugging Face read: 8 bytes
 * holding the header's length N (unsigned, little-endian), N bytes of UTF-8 JSON
 *
 * <pre>{"__metadata__": {"key": "value", ...},
 *  "name": {"dtype": "F64", "shape": [2, 3], "data_offsets": [begin, end]}, ...}</pre>
 *
 * <p>then the tensors' bytes, row-major and little-endian, each at {@code [begin, end)} of the
 * buffer that follows the header, with no holes and no overlaps. The header is padded with spaces
 * to a multiple of 8 bytes, as the reference implementation does.
 *
 * <p>Writes F64 (double) and I64 (long) tensors; reads F64, F32, I64 and I32. A write goes to a
 * temporary file in the same directory, forced to the disk and then renamed over the target
 * atomically, so a crash leaves either the old file or the new one, never half of one. A read
 * checks everything and throws {@link CheckpointException} saying what is wrong: a truncated file,
 * a malformed header, an unsupported dtype, offsets that do not match the shape, holes or overlaps.
 */
public final class Safetensors {
  /** The largest header accepted (the reference implementation's limit is 100 MB). */
  static final long MAX_HEADER = 100_000_000;

  private static final String METADATA = "__metadata__";

  private Safetensors() {}

  /** One tensor of a file: its dtype, shape and values (doubles or longs, by dtype). */
  public static final class Entry {
    private final String dtype;
    private final int[] shape;
    private final double[] doubles;
    private final long[] longs;

    private Entry(String dtype, int[] shape, double[] doubles, long[] longs) {
      this.dtype = dtype;
      this.shape = shape;
      this.doubles = doubles;
      this.longs = longs;
    }

    /**
     * An F64 tensor of the given shape ([] for a scalar) holding a copy of {@code values}.
     *
     * @param values the elements in row-major order; copied
     * @param shape the dimensions
     * @return the entry
     * @throws IllegalArgumentException if the shape does not hold {@code values.length} elements
     */
    public static Entry f64(double[] values, int... shape) {
      checkShape(values.length, shape);
      return new Entry("F64", shape.clone(), values.clone(), null);
    }

    /**
     * An F64 tensor holding {@code tensor}'s shape and values.
     *
     * @param tensor the tensor stored
     * @return the entry
     */
    public static Entry of(Tensor tensor) {
      return new Entry("F64", tensor.shape(), tensor.toArray(), null);
    }

    /**
     * An I64 tensor of the given shape ([] for a scalar) holding a copy of {@code values}.
     *
     * @param values the elements in row-major order; copied
     * @param shape the dimensions
     * @return the entry
     * @throws IllegalArgumentException if the shape does not hold {@code values.length} elements
     */
    public static Entry i64(long[] values, int... shape) {
      checkShape(values.length, shape);
      return new Entry("I64", shape.clone(), null, values.clone());
    }

    private static void checkShape(int length, int[] shape) {
      long n = 1;
      for (int d : shape) {
        if (d < 0) {
          throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
        }
        n *= d;
      }
      if (n != length) {
        throw new IllegalArgumentException(
            length + " values do not fill shape " + Arrays.toString(shape));
      }
    }

    /**
     * The dtype: F64, F32, I64 or I32.
     *
     * @return the safetensors dtype name
     */
    public String dtype() {
      return dtype;
    }

    /**
     * Whether the values are floating point (F64 or F32).
     *
     * @return whether {@link #doubles()} may be called (else {@link #longs()})
     */
    public boolean isFloating() {
      return doubles != null;
    }

    /**
     * The shape (a copy).
     *
     * @return a new array of the dimensions
     */
    public int[] shape() {
      return shape.clone();
    }

    /**
     * The number of elements.
     *
     * @return the product of the dimensions
     */
    public int size() {
      return doubles != null ? doubles.length : longs.length;
    }

    /**
     * The values of a floating-point tensor, as doubles (a copy).
     *
     * @return a new array of the values
     * @throws IllegalStateException if the tensor holds integers
     */
    public double[] doubles() {
      if (doubles == null) {
        throw new IllegalStateException("a tensor of dtype " + dtype + " holds integers");
      }
      return doubles.clone();
    }

    /**
     * The values of an integer tensor, as longs (a copy).
     *
     * @return a new array of the values
     * @throws IllegalStateException if the tensor holds floating-point values
     */
    public long[] longs() {
      if (longs == null) {
        throw new IllegalStateException("a tensor of dtype " + dtype + " holds floating point");
      }
      return longs.clone();
    }

    /**
     * A floating-point tensor as a {@link Tensor}.
     *
     * @return a new tensor of the entry's shape
     * @throws IllegalStateException if the entry holds integers
     */
    public Tensor toTensor() {
      double[] v = doubles();
      return shape.length == 0 ? Tensor.scalar(v[0]) : Tensor.of(v, shape);
    }

    int elementBytes() {
      return dtype.endsWith("64") ? 8 : 4;
    }

    @Override
    public String toString() {
      return dtype + Arrays.toString(shape);
    }
  }

  /**
   * The contents of a file.
   *
   * @param tensors the tensors by name, in the order of their data in the file
   * @param metadata the {@code __metadata__} strings (empty if there are none)
   */
  public record Contents(Map<String, Entry> tensors, Map<String, String> metadata) {}

  /**
   * Writes {@code tensors} (as F64) to {@code file}, atomically.
   *
   * @param file where to write; an existing file is replaced
   * @param tensors the tensors by name, written in the map's order
   * @throws IOException if the file cannot be written
   */
  public static void save(Path file, Map<String, Tensor> tensors) throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    tensors.forEach((name, t) -> entries.put(name, Entry.of(t)));
    write(file, entries, Map.of());
  }

  /**
   * The floating-point tensors of {@code file} by name.
   *
   * @param file a safetensors file
   * @return the tensors by name, in the file's order
   * @throws CheckpointException if the file is malformed or holds integer tensors
   */
  public static Map<String, Tensor> load(Path file) throws IOException {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Entry> e : read(file).tensors().entrySet()) {
      if (!e.getValue().isFloating()) {
        throw new CheckpointException(
            file
                + ": tensor '"
                + e.getKey()
                + "' has dtype "
                + e.getValue().dtype()
                + ", not a floating-point type");
      }
      out.put(e.getKey(), e.getValue().toTensor());
    }
    return out;
  }

  /**
   * Writes {@code tensors} (in the map's order) and {@code metadata} to {@code file}: to a
   * temporary file next to it, forced to the disk, then renamed over {@code file} atomically (where
   * the file system cannot rename atomically, replaced).
   *
   * @param file where to write; an existing file is replaced
   * @param tensors the tensors by name, written in the map's order
   * @param metadata the header's {@code __metadata__} strings (may be empty)
   * @throws IllegalArgumentException if a name is empty or {@code __metadata__}
   * @throws IOException if the file cannot be written
   */
  public static void write(Path file, Map<String, Entry> tensors, Map<String, String> metadata)
      throws IOException {
    Objects.requireNonNull(file, "file");
    byte[] header = header(tensors, metadata);
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    // Created as an ordinary new file (so with the permissions the umask gives any file, unlike
    // Files.createTempFile's owner-only ones), under a name no one else uses.
    Path tmp =
        dir.resolve(
            "."
                + target.getFileName()
                + "."
                + Long.toUnsignedString(new java.util.SplittableRandom().nextLong(), 36)
                + ".tmp");
    boolean done = false;
    try {
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(header.length);
        flip(ch, buf);
        writeFully(ch, ByteBuffer.wrap(header));
        for (Entry e : tensors.values()) {
          int n = e.size();
          for (int i = 0; i < n; i++) {
            if (buf.remaining() < 8) {
              flip(ch, buf);
            }
            if (e.doubles != null) {
              buf.putDouble(e.doubles[i]);
            } else {
              buf.putLong(e.longs[i]);
            }
          }
        }
        flip(ch, buf);
        ch.force(true);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
      syncDirectory(dir);
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** Forces the rename to the disk where the platform allows it (Linux, macOS); else nothing. */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      // Windows cannot open a directory as a channel: the rename is then as durable as it gets.
    }
  }

  private static void flip(FileChannel ch, ByteBuffer buf) throws IOException {
    buf.flip();
    writeFully(ch, buf);
    buf.clear();
  }

  private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }

  /** The header's bytes, padded with spaces to a multiple of 8. */
  static byte[] header(Map<String, Entry> tensors, Map<String, String> metadata) {
    StringBuilder sb = new StringBuilder("{");
    boolean first = true;
    if (!metadata.isEmpty()) {
      sb.append(Json.quote(METADATA)).append(":{");
      for (Map.Entry<String, String> m : metadata.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        sb.append(Json.quote(Objects.requireNonNull(m.getKey(), "metadata key")))
            .append(':')
            .append(Json.quote(Objects.requireNonNull(m.getValue(), "metadata value")));
      }
      sb.append('}');
      first = false;
    }
    long offset = 0;
    for (Map.Entry<String, Entry> t : tensors.entrySet()) {
      String name = Objects.requireNonNull(t.getKey(), "name");
      if (name.isEmpty() || name.equals(METADATA)) {
        throw new IllegalArgumentException("a tensor cannot be named '" + name + "'");
      }
      Entry e = Objects.requireNonNull(t.getValue(), name);
      long end = offset + (long) e.size() * e.elementBytes();
      if (!first) {
        sb.append(',');
      }
      first = false;
      sb.append(Json.quote(name)).append(":{\"dtype\":\"").append(e.dtype).append("\",\"shape\":[");
      for (int d = 0; d < e.shape.length; d++) {
        sb.append(d == 0 ? "" : ",").append(e.shape[d]);
      }
      sb.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
      offset = end;
    }
    sb.append('}');
    while (utf8Length(sb) % 8 != 0) {
      sb.append(' ');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static int utf8Length(CharSequence s) {
    return s.toString().getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * Reads {@code file}.
   *
   * @param file a safetensors file
   * @return its tensors and metadata
   * @throws CheckpointException if it is not a well-formed safetensors file of supported dtypes
   */
  public static Contents read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw new CheckpointException(
            file + ": truncated: " + size + " bytes, too short for the 8-byte header length");
      }
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, len, 0);
      long n = len.flip().getLong();
      if (n < 2 || n > MAX_HEADER) {
        throw new CheckpointException(
            file
                + ": not a safetensors file: header length "
                + Long.toUnsignedString(n)
                + " is outside 2.."
                + MAX_HEADER);
      }
      if (8 + n > size) {
        throw new CheckpointException(
            file
                + ": truncated: the header should have "
                + n
                + " bytes but the file has only "
                + (size - 8)
                + " after the length");
      }
      ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
      readFully(ch, headerBytes, 8);
      headerBytes.flip();
      String header;
      try {
        CharBuffer chars =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(headerBytes);
        header = chars.toString();
      } catch (CharacterCodingException e) {
        throw new CheckpointException(file + ": the header is not valid UTF-8", e);
      }
      if (!header.startsWith("{")) {
        throw new CheckpointException(
            file
                + ": not a safetensors file: the header is not a JSON"
                + " object (it starts with "
                + Json.quote(header.substring(0, Math.min(8, header.length())))
                + ")");
      }
      Object json;
      try {
        json = Json.parse(header);
      } catch (IllegalArgumentException e) {
        throw new CheckpointException(file + ": malformed header JSON: " + e.getMessage(), e);
      }
      long dataLength = size - 8 - n;
      Layout layout = layout(file, json, dataLength);
      if (dataLength > Integer.MAX_VALUE - 8) {
        throw new CheckpointException(
            file + ": data of " + dataLength + " bytes is too large to read into memory at once");
      }
      ByteBuffer data = ByteBuffer.allocate((int) dataLength).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, data, 8 + n);
      data.flip();
      Map<String, Entry> tensors = new LinkedHashMap<>();
      for (Slot s : layout.slots) {
        tensors.put(s.name, decode(data, s));
      }
      return new Contents(Collections.unmodifiableMap(tensors), layout.metadata);
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long at = position;
    while (buf.hasRemaining()) {
      int r = ch.read(buf, at);
      if (r < 0) {
        throw new CheckpointException("truncated: the file ended while reading");
      }
      at += r;
    }
  }

  private record Slot(String name, String dtype, int[] shape, long begin, long end) {}

  private record Layout(List<Slot> slots, Map<String, String> metadata) {}

  private static Layout layout(Path file, Object json, long dataLength) throws CheckpointException {
    if (!(json instanceof Map<?, ?> header)) {
      throw new CheckpointException(file + ": the header is not a JSON object");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    List<Slot> slots = new ArrayList<>();
    for (Map.Entry<?, ?> e : header.entrySet()) {
      String name = (String) e.getKey();
      if (name.equals(METADATA)) {
        if (!(e.getValue() instanceof Map<?, ?> m)) {
          throw new CheckpointException(file + ": __metadata__ is not an object");
        }
        for (Map.Entry<?, ?> kv : m.entrySet()) {
          if (!(kv.getValue() instanceof String value)) {
            throw new CheckpointException(
                file + ": __metadata__ value of '" + kv.getKey() + "' is not a string");
          }
          metadata.put((String) kv.getKey(), value);
        }
        continue;
      }
      slots.add(slot(file, name, e.getValue()));
    }
    List<Slot> byOffset = new ArrayList<>(slots);
    byOffset.sort(Comparator.comparingLong(Slot::begin).thenComparingLong(Slot::end));
    long expected = 0;
    for (Slot s : byOffset) {
      if (s.begin != expected) {
        throw new CheckpointException(
            file
                + ": tensor '"
                + s.name
                + "' begins at byte "
                + s.begin
                + " of the data, expected "
                + expected
                + (s.begin < expected ? " (it overlaps another)" : " (a hole before it)"));
      }
      expected = s.end;
    }
    if (expected != dataLength) {
      throw new CheckpointException(
          file
              + (expected > dataLength
                  ? ": truncated: the header describes "
                      + expected
                      + " bytes of data but the file has "
                      + dataLength
                  : ": " + (dataLength - expected) + " bytes after the last tensor's data"));
    }
    return new Layout(byOffset, Collections.unmodifiableMap(metadata));
  }

  private static Slot slot(Path file, String name, Object value) throws CheckpointException {
    String where = file + ": tensor '" + name + "'";
    if (!(value instanceof Map<?, ?> info)) {
      throw new CheckpointException(where + " is not described by a JSON object");
    }
    for (Object key : info.keySet()) {
      if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
        throw new CheckpointException(where + " has an unknown field '" + key + "'");
      }
    }
    if (!(info.get("dtype") instanceof String dtype)) {
      throw new CheckpointException(where + " has no dtype string");
    }
    if (!List.of("F64", "F32", "I64", "I32").contains(dtype)) {
      throw new CheckpointException(
          where + " has dtype " + dtype + ", which is not supported (F64, F32, I64, I32)");
    }
    int[] shape = integers(where, "shape", info.get("shape"));
    long[] off = longs(where, info.get("data_offsets"));
    long elements = 1;
    for (int d : shape) {
      elements = Math.multiplyExact(elements, (long) d);
    }
    long bytes = Math.multiplyExact(elements, dtype.endsWith("64") ? 8L : 4L);
    if (off[1] < off[0] || off[1] - off[0] != bytes) {
      throw new CheckpointException(
          where
              + ": data_offsets ["
              + off[0]
              + ", "
              + off[1]
              + "] do not hold "
              + elements
              + " elements of "
              + dtype
              + " ("
              + bytes
              + " bytes) for"
              + " shape "
              + Arrays.toString(shape));
    }
    if (elements > Integer.MAX_VALUE - 8) {
      throw new CheckpointException(where + " has too many elements: " + elements);
    }
    return new Slot(name, dtype, shape, off[0], off[1]);
  }

  private static int[] integers(String where, String field, Object value)
      throws CheckpointException {
    if (!(value instanceof List<?> list)) {
      throw new CheckpointException(where + " has no " + field + " array");
    }
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(list.get(i) instanceof Long l) || l < 0 || l > Integer.MAX_VALUE) {
        throw new CheckpointException(
            where + ": " + field + " " + list + " is not a list of" + " non-negative integers");
      }
      out[i] = (int) (long) l;
    }
    return out;
  }

  private static long[] longs(String where, Object value) throws CheckpointException {
    if (!(value instanceof List<?> list) || list.size() != 2) {
      throw new CheckpointException(where + " has no data_offsets [begin, end]");
    }
    long[] out = new long[2];
    for (int i = 0; i < 2; i++) {
      if (!(list.get(i) instanceof Long l) || l < 0) {
        throw new CheckpointException(
            where + ": data_offsets " + list + " are not non-negative integers");
      }
      out[i] = l;
    }
    return out;
  }

  private static Entry decode(ByteBuffer data, Slot s) {
    int n = (int) ((s.end - s.begin) / (s.dtype.endsWith("64") ? 8 : 4));
    int at = (int) s.begin;
    switch (s.dtype) {
      case "F64":
        {
          double[] v = new double[n];
          for (int i = 0; i < n; i++) {
            v[i] = data.getDouble(at + 8 * i);
          }
          return new Entry("F64", s.shape, v, null);
        }
      case "F32":
        {
          double[] v = new double[n];
          for (int i = 0; i < n; i++) {
            v[i] = data.getFloat(at + 4 * i);
          }
          return new Entry("F32", s.shape, v, null);
        }
      case "I64":
        {
          long[] v = new long[n];
          for (int i = 0; i < n; i++) {
            v[i] = data.getLong(at + 8 * i);
          }
          return new Entry("I64", s.shape, null, v);
        }
      default:
        {
          long[] v = new long[n];
          for (int i = 0; i < n; i++) {
            v[i] = data.getInt(at + 4 * i);
          }
          return new Entry("I32", s.shape, null, v);
        }
    }
  }
}
