package org.cosettle.crypto.bfv;

/**
 * Fixed-width little-endian bit packing of residues: a value modulo q takes bitLength(q) bits.
 * The reader checks every value against its modulus and that the padding bits are zero.
 */
final class BitPacking {
  private BitPacking() {}

  static int bytesFor(long bits) {
    long bytes = (bits + 7) / 8;
    if (bytes > Integer.MAX_VALUE) {
      throw new BfvFormatException("object too large");
    }
    return (int) bytes;
  }

  static final class Writer {
    private final byte[] out;
    private int position;
    private long buffer;
    private int buffered;

    Writer(byte[] out, int position) {
      this.out = out;
      this.position = position;
    }

    void write(long value, int bits) {
      // flush whole bytes first so that buffer + value always fits in 64 bits
      while (buffered >= 8) {
        out[position++] = (byte) buffer;
        buffer >>>= 8;
        buffered -= 8;
      }
      buffer |= value << buffered;
      int total = buffered + bits;
      if (total > 64) {
        // the high bits of value did not fit; emit the full 64 then keep the rest
        for (int i = 0; i < 8; i++) {
          out[position++] = (byte) (buffer >>> (8 * i));
        }
        buffer = value >>> (64 - buffered);
        buffered = total - 64;
      } else {
        buffered = total;
      }
    }

    /** Flushes the partial byte; returns the position after the packed data. */
    int finish() {
      while (buffered > 0) {
        out[position++] = (byte) buffer;
        buffer >>>= 8;
        buffered -= 8;
      }
      buffered = 0;
      buffer = 0;
      return position;
    }
  }

  static final class Reader {
    private final byte[] in;
    private int position;
    private long buffer;
    private int buffered;

    Reader(byte[] in, int position) {
      this.in = in;
      this.position = position;
    }

    long read(int bits) {
      while (buffered < bits && buffered <= 56) {
        buffer |= (in[position++] & 0xFFL) << buffered;
        buffered += 8;
      }
      long value;
      if (buffered >= bits) {
        value = bits == 64 ? buffer : buffer & ((1L << bits) - 1);
        buffer = bits == 64 ? 0 : buffer >>> bits;
        buffered -= bits;
      } else {
        // 57..63 bits buffered but more needed: take what we have, then the rest from the next byte
        long low = buffer;
        int have = buffered;
        long next = in[position++] & 0xFFL;
        int need = bits - have;
        value = low | ((next & ((1L << need) - 1)) << have);
        buffer = next >>> need;
        buffered = 8 - need;
      }
      return value;
    }

    /** Checks that the remaining bits of the last byte are zero; returns the byte position. */
    int finish() {
      if (buffered >= 8) {
        throw new IllegalStateException("reader consumed a byte it did not use");
      }
      if (buffer != 0) {
        throw new BfvFormatException("non-zero padding bits after packed coefficients");
      }
      buffered = 0;
      return position;
    }
  }
}
