package org.cosettle.crypto.bfv;

/** Relinearisation keys: a key switch from s² to s, turning a product back into two components. */
public final class BfvRelinKeys implements BfvScheme.RelinKeys {
  final BfvParameters parameters;
  final KeySwitchKey key;

  BfvRelinKeys(BfvParameters parameters, KeySwitchKey key) {
    this.parameters = parameters;
    this.key = key;
  }

  @Override
  public BfvParameters parameters() {
    return parameters;
  }

  public byte[] toBytes() {
    return BfvSerialization.writeRelinKeys(this);
  }

  public static BfvRelinKeys fromBytes(BfvContext context, byte[] bytes) {
    return BfvSerialization.readRelinKeys(context, bytes);
  }

  @Override
  public String toString() {
    return "BfvRelinKeys{" + parameters + "}";
  }
}
