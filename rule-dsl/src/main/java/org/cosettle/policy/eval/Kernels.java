package org.cosettle.policy.eval;

import org.cosettle.policy.ir.Arith;
import org.cosettle.policy.ir.Ir.Op;

/**
 * The operations that compute each element from the same element of their operands, as one
 * tight loop over a chunk; {@link Engine} runs the ones that read the batch, states or the
 * claim's line items itself.
 */
final class Kernels {
  private Kernels() {}

  /** {@code out[j] = op(a[j], b[j], c[j])} for {@code j < len}; exact arithmetic (spec §4). */
  static void elementwise(Op op, long[] out, long[] a, long[] b, long[] c, int len) {
    switch (op.code()) {
      case ADD:
        for (int j = 0; j < len; j++) {
          out[j] = Math.addExact(a[j], b[j]);
        }
        return;
      case SUB:
        for (int j = 0; j < len; j++) {
          out[j] = Math.subtractExact(a[j], b[j]);
        }
        return;
      case NEG:
        for (int j = 0; j < len; j++) {
          out[j] = Math.negateExact(a[j]);
        }
        return;
      case MUL:
        for (int j = 0; j < len; j++) {
          out[j] = Math.multiplyExact(a[j], b[j]);
        }
        return;
      case ROUND4:
        for (int j = 0; j < len; j++) {
          out[j] = Arith.round4(a[j]);
        }
        return;
      case DIV_ROUND: {
        long k = op.imm();
        for (int j = 0; j < len; j++) {
          out[j] = Arith.divRound(a[j], k);
        }
        return;
      }
      case LT:
        for (int j = 0; j < len; j++) {
          out[j] = a[j] < b[j] ? 1 : 0;
        }
        return;
      case LE:
        for (int j = 0; j < len; j++) {
          out[j] = a[j] <= b[j] ? 1 : 0;
        }
        return;
      case EQ:
        for (int j = 0; j < len; j++) {
          out[j] = a[j] == b[j] ? 1 : 0;
        }
        return;
      case NE:
        for (int j = 0; j < len; j++) {
          out[j] = a[j] != b[j] ? 1 : 0;
        }
        return;
      case AND:
        for (int j = 0; j < len; j++) {
          out[j] = a[j] & b[j];
        }
        return;
      case OR:
        for (int j = 0; j < len; j++) {
          out[j] = a[j] | b[j];
        }
        return;
      case NOT:
        for (int j = 0; j < len; j++) {
          out[j] = a[j] ^ 1;
        }
        return;
      case IN_MASK: {
        long mask = op.imm();
        for (int j = 0; j < len; j++) {
          out[j] = (mask >>> a[j]) & 1;
        }
        return;
      }
      case SELECT: {
        for (int j = 0; j < len; j++) {
          out[j] = a[j] != 0 ? b[j] : c[j];
        }
        return;
      }
      case MIN:
        for (int j = 0; j < len; j++) {
          out[j] = Math.min(a[j], b[j]);
        }
        return;
      case MAX:
        for (int j = 0; j < len; j++) {
          out[j] = Math.max(a[j], b[j]);
        }
        return;
      default:
        throw new IllegalStateException("unknown operation " + op.code());
    }
  }
}
