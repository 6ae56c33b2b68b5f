package org.cosettle.policy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cosettle.core.Csv;
import org.cosettle.core.InputError;
import org.cosettle.core.InputException;

/**
 * A public code list a policy declares ({@code public codes drug_codes: "drug-codes.csv" sha256
 * "…"}) and private tables index ({@code private table drug_ratio: ratio by code in drug_codes
 * default 0%}): exact codes in file order, each at its index. Both parties read the same file,
 * bound by the SHA-256 of its bytes that the policy text declares, so the policy's digest covers
 * the list. A table's entry must be one of its codes; a code outside it reads the table's default.
 * Equal only to itself: the tables of one policy share the one instance their list resolved to.
 *
 * <pre>{@code
 * CodeUniverse drugs = CodeUniverse.read("drug_codes", Path.of("drug-codes.csv"), expectedSha256);
 * int i = drugs.indexOf("XL01XC");   // its row among the codes, -1 when not listed
 * }</pre>
 */
public final class CodeUniverse {
  /** Most codes a list may hold (the bound of a private table's size). */
  public static final int MAX_CODES = 1_000_000;

  private final String name;
  private final String file;
  private final String sha256;
  private final List<String> codes;
  private final Map<String, Integer> index;

  private CodeUniverse(String name, String file, String sha256, List<String> codes) {
    this.name = name;
    this.file = file;
    this.sha256 = sha256;
    this.codes = List.copyOf(codes);
    this.index = new HashMap<>(codes.size() * 2);
    for (int i = 0; i < codes.size(); i++) {
      index.put(codes.get(i), i);
    }
  }

  /** A list of {@code codes} (distinct, exact) named {@code name}, for tests and generated policies. */
  public static CodeUniverse of(String name, List<String> codes) {
    return new CodeUniverse(name, name, sha256(csv(codes).getBytes(StandardCharsets.UTF_8)), codes);
  }

  /** The list's file for {@code codes}: the header {@code code} and one code per row. */
  public static String csv(List<String> codes) {
    StringBuilder csv = new StringBuilder("code\n");
    codes.forEach(c -> Csv.appendRow(csv, List.of(c)));
    return csv.toString();
  }

  /**
   * Reads list {@code name} from {@code path}: a CSV file (RFC 4180, UTF-8) with the header
   * {@code code} and one code per row, which must hash to {@code expectedSha256} (lower-case hex).
   *
   * @throws InputException with the file and line of each problem: a digest other than declared, a
   *     missing header, an empty, prefix ({@code "C*"}) or repeated code, more than {@link #MAX_CODES}
   */
  public static CodeUniverse read(String name, Path path, String expectedSha256) throws IOException, InputException {
    String file = path.toString();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new InputException(new InputError(file, 0, "", "no such file (the public code list " + name + ")"));
    }
    String actual = sha256(bytes);
    if (!actual.equals(expectedSha256)) {
      throw new InputException(new InputError(file, 0, "", "SHA-256 " + actual + ", but the policy declares "
          + expectedSha256 + " for the public code list " + name + ": both parties must hold the same list"));
    }
    List<Csv.Row> rows;
    try (Reader in = new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8)) {
      rows = Csv.read(in, file);
    }
    if (rows.isEmpty() || !rows.get(0).cells().equals(List.of("code"))) {
      throw new InputException(new InputError(file, rows.isEmpty() ? 1 : rows.get(0).line(), "",
          "expected the header code"));
    }
    List<InputError> errors = new ArrayList<>();
    List<String> codes = new ArrayList<>();
    Map<String, Integer> firstLine = new HashMap<>();
    for (Csv.Row row : rows.subList(1, rows.size())) {
      String code = row.cells().size() == 1 ? row.cells().get(0) : null;
      if (code == null) {
        errors.add(new InputError(file, row.line(), "", "expected 1 cell (code), found " + row.cells().size()));
      } else if (code.isEmpty()) {
        errors.add(new InputError(file, row.line(), "code", "the code is empty"));
      } else if (code.endsWith("*")) {
        errors.add(new InputError(file, row.line(), "code", "\"" + code + "\": a public code list holds exact codes,"
            + " not prefixes"));
      } else if (firstLine.putIfAbsent(code, row.line()) != null) {
        errors.add(new InputError(file, row.line(), "code", "\"" + code + "\" is given twice (first on line "
            + firstLine.get(code) + ")"));
      } else {
        codes.add(code);
      }
    }
    if (codes.size() > MAX_CODES) {
      errors.add(new InputError(file, 0, "", codes.size() + " codes, more than " + MAX_CODES));
    }
    if (!errors.isEmpty()) {
      throw new InputException(errors);
    }
    return new CodeUniverse(name, file, actual, codes);
  }

  /** Lower-case hex SHA-256 of {@code bytes}. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  public String name() {
    return name;
  }

  /** The file it was read from, as named in messages. */
  public String file() {
    return file;
  }

  /** Lower-case hex SHA-256 of the file's bytes, as the policy declares it. */
  public String sha256() {
    return sha256;
  }

  public int size() {
    return codes.size();
  }

  /** The codes in file order: code {@code i} has index {@code i}. */
  public List<String> codes() {
    return codes;
  }

  /** The index of {@code code}, or -1 when the list does not hold it (or it is null). */
  public int indexOf(String code) {
    Integer i = code == null ? null : index.get(code);
    return i == null ? -1 : i;
  }

  /** {@code drug_codes (20,000 codes, SHA-256 3f2a9c1e…)}, for manifests and plans. */
  public String describe() {
    return String.format(Locale.ROOT, "%s (%,d codes, SHA-256 %s…)", name, size(), sha256.substring(0, 16));
  }

  @Override
  public String toString() {
    return describe();
  }
}
