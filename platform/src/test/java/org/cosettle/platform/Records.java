package org.cosettle.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/** Small settlement records for tests. */
final class Records {
  private Records() {}

  /** A settled record: total 1000.00 of which basic 600.00, and {@code payout} fen of the 400.00 cash. */
  static SettlementRecord settled(String id, String date, String hospital, long payout) {
    return new SettlementRecord(id, LocalDate.parse(date), SettlementStatus.SETTLED, "", hospital, "INS01", "P1",
        "C-" + id, 1000_00, 600_00, 0, payout, 400_00 - payout, 0, SplitFlag.NONE);
  }

  static SettlementRecord settled(String id, String date, long payout) {
    return settled(id, date, "H1", payout);
  }

  static Path write(Path file, SettlementRecord... records) throws IOException {
    SettlementFile.write(file, List.of(records));
    return file;
  }

  static Path writeLines(Path file, String... lines) throws IOException {
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }
}
