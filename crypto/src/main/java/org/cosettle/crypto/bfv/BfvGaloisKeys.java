package org.cosettle.crypto.bfv;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Key switches from s(X^g) to s for a set of Galois elements g: 3^k mod 2n rotates the rows by k
 * slots, 2n − 1 swaps the two rows.
 */
public final class BfvGaloisKeys implements BfvScheme.GaloisKeys {
  final BfvParameters parameters;
  final Map<Integer, KeySwitchKey> keys;

  BfvGaloisKeys(BfvParameters parameters, Map<Integer, KeySwitchKey> keys) {
    this.parameters = parameters;
    this.keys = Collections.unmodifiableMap(new TreeMap<>(keys));
  }

  @Override
  public BfvParameters parameters() {
    return parameters;
  }

  /** The Galois elements these keys cover. */
  public Set<Integer> galoisElements() {
    return keys.keySet();
  }

  KeySwitchKey key(int galoisElement) {
    KeySwitchKey key = keys.get(galoisElement);
    if (key == null) {
      throw new IllegalArgumentException("no Galois key for element " + galoisElement);
    }
    return key;
  }

  public byte[] toBytes() {
    return BfvSerialization.writeGaloisKeys(this);
  }

  public static BfvGaloisKeys fromBytes(BfvContext context, byte[] bytes) {
    return BfvSerialization.readGaloisKeys(context, bytes);
  }

  @Override
  public String toString() {
    return "BfvGaloisKeys{" + parameters + ", elements=" + keys.keySet() + "}";
  }
}
