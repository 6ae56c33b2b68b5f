package org.cosettle.bench;

/**
 * Bytes on the channel per item (OT, triple) over the calls of one benchmark iteration, printed at
 * its end: the counts come from the channel's own counters, so framing of a real transport is not
 * included.
 */
final class TransferMeter {
  private final String unit;
  private String kind = "";
  private long bytesAtStart = -1;
  private long items;

  TransferMeter(String unit) {
    this.unit = unit;
  }

  /** Called before each call producing {@code batch} items; {@code bytesNow} is the channel's total. */
  void count(String kind, int batch, long bytesNow) {
    if (bytesAtStart < 0 || !kind.equals(this.kind)) {
      this.kind = kind;
      bytesAtStart = bytesNow;
      items = 0;
    }
    items += batch;
  }

  /** Prints bytes per item since the first call of this iteration and starts over. */
  void report(long bytesNow) {
    if (items > 0) {
      System.out.printf("%n%s: %.2f bytes per %s over %d %ss%n", kind, (double) (bytesNow - bytesAtStart) / items,
          unit, items, unit);
    }
    bytesAtStart = -1;
    items = 0;
  }
}
