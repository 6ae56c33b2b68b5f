package org.cosettle.crypto.ot;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks the outputs of one bootstrap-size iteration run without its LPN step: the handed-out part
 * starts after the {@code reserve} outputs that refilled the pool. In every whole block, exactly one
 * position has x = 1 and t = q ⊕ Δ, every other one x = 0 and t = q (the receiver knows the leaf),
 * and the punctured leaf q<sub>α</sub> is none of the leaves the receiver knows anywhere.
 */
final class MpcotCheck {
  private MpcotCheck() {}

  static List<String> violations(SilentOtTest.Run run, FerretParameters p) {
    CorrelatedOtSenderOutput sent = run.sent().get(0);
    OtReceiverOutput received = run.received().get(0);
    int offset = p.reserve();
    int size = p.blockSize();
    long[] delta = sent.delta();
    long[] q = sent.message0();
    long[] t = received.chosen();
    List<String> violations = new ArrayList<>();
    Set<String> known = new HashSet<>();
    for (int i = 0; i < sent.count(); i++) {
      if (!received.choice(i)) {
        known.add(q[2 * i] + "," + q[2 * i + 1]);
      }
    }
    for (int block = (offset + size - 1) / size; block < p.t(); block++) {
      int punctured = -1;
      for (int position = block * size; position < (block + 1) * size; position++) {
        int i = position - offset;
        boolean choice = received.choice(i);
        long differsLow = q[2 * i] ^ t[2 * i];
        long differsHigh = q[2 * i + 1] ^ t[2 * i + 1];
        if (choice) {
          if (punctured >= 0) {
            violations.add("block " + block + " has a second noise position");
          }
          punctured = i;
          if (differsLow != delta[0] || differsHigh != delta[1]) {
            violations.add("block " + block + ": t ≠ q ⊕ Δ at the noise position");
          }
        } else if (differsLow != 0 || differsHigh != 0) {
          violations.add("block " + block + ": the receiver's leaf differs at position " + position);
        }
      }
      if (punctured < 0) {
        violations.add("block " + block + " has no noise position");
      } else if (known.contains(q[2 * punctured] + "," + q[2 * punctured + 1])) {
        violations.add("block " + block + ": the punctured leaf is known to the receiver");
      }
    }
    return violations;
  }
}
