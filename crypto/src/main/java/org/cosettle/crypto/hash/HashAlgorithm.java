package org.cosettle.crypto.hash;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import org.bouncycastle.jcajce.provider.digest.SM3;

/**
 * The hash functions this project uses, both with 256-bit output and 128-bit collision resistance.
 *
 * <ul>
 *   <li>{@link #SM3}: GB/T 32905-2016 (ISO/IEC 10118-3:2018), Bouncy Castle's {@code MessageDigest}
 *       made directly rather than looked up in its JCA provider, whose construction loads some 300
 *       classes (a tenth of a second at every start of the command line); the audit chain and SM2
 *       use it.
 *   <li>{@link #SHA_256}: FIPS 180-4, through the JDK, whose implementation uses the CPU's SHA
 *       instructions.
 * </ul>
 *
 * <pre>{@code
 * byte[] digest = HashAlgorithm.SM3.hash(bytes);
 * Hasher h = HashAlgorithm.SHA_256.newHasher();
 * h.update(header);
 * h.update(body);
 * byte[] d = h.digest();
 * }</pre>
 */
public enum HashAlgorithm {
  SM3("SM3"),
  SHA_256("SHA-256");

  private final String standardName;

  HashAlgorithm(String standardName) {
    this.standardName = standardName;
  }

  /** Output length in bytes (32 for both). */
  public int digestLength() {
    return 32;
  }

  /** The name used in standards and certificates ("SM3", "SHA-256"). */
  public String standardName() {
    return standardName;
  }

  /** An incremental hasher. */
  public Hasher newHasher() {
    try {
      return new JdkHasher(this == SM3 ? new SM3.Digest() : MessageDigest.getInstance(standardName));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(standardName + " is not available", e);
    }
  }

  /** The digest of {@code data}. */
  public byte[] hash(byte[] data) {
    Hasher hasher = newHasher();
    hasher.update(data);
    return hasher.digest();
  }

  private static final class JdkHasher implements Hasher {
    private final MessageDigest digest;

    JdkHasher(MessageDigest digest) {
      this.digest = digest;
    }

    @Override
    public void update(byte[] data, int offset, int length) {
      Objects.checkFromIndexSize(offset, length, data.length);
      digest.update(data, offset, length);
    }

    @Override
    public byte[] digest() {
      return digest.digest();
    }
  }
}
