package org.cosettle.platform;

import java.io.IOException;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * Synthetic pairs of settlement files, the platform's and an insurer's, with known differences
 * injected: one-sided entries on either side, amount differences, reversals on one side only
 * (status differences) and reversals on both. The same configuration always gives the same
 * bytes. For tests and benchmarks; the randomness is not for secrets.
 *
 * <pre>{@code
 * SettlementGenerator.Expected e = new SettlementGenerator(SettlementGenerator.Config.defaults(1000, 7))
 *     .write(platformWriter, insurerWriter);
 * e.count(MatchClass.ONLY_PLATFORM);   // what a reconciliation over the whole window must find
 * }</pre>
 */
public final class SettlementGenerator {
  /**
   * {@code count} settlements spread over {@code days} days from {@code from}, over {@code
   * hospitals} hospitals of one insurer; the rates are per thousand settlements.
   */
  public record Config(long seed, long count, LocalDate from, int days, int hospitals, String insurerId,
      int onlyPlatformPerMille, int onlyInsurerPerMille, int amountDiffPerMille, int statusDiffPerMille,
      int reversedPerMille) {
    public Config {
      if (count < 0 || count > (1L << 32)) {
        throw new IllegalArgumentException("count must be in 0..2^32");
      }
      if (days < 1 || hospitals < 1) {
        throw new IllegalArgumentException("days and hospitals must be at least 1");
      }
      int rates = onlyPlatformPerMille + onlyInsurerPerMille + amountDiffPerMille + statusDiffPerMille + reversedPerMille;
      if (Math.min(Math.min(onlyPlatformPerMille, onlyInsurerPerMille), Math.min(amountDiffPerMille,
          Math.min(statusDiffPerMille, reversedPerMille))) < 0 || rates > 1000) {
        throw new IllegalArgumentException("rates must be non-negative and add up to at most 1000 per mille");
      }
    }

    /** 0.5% of each kind of difference and 2% reversals on both sides, over 28 days from 2026-02-01. */
    public static Config defaults(long count, long seed) {
      return new Config(seed, count, LocalDate.of(2026, 2, 1), 28, 50, "INS01", 5, 5, 5, 5, 20);
    }
  }

  /** How many settlements of each class a reconciliation of the whole window must find. */
  public static final class Expected {
    private final long[] counts = new long[MatchClass.values().length];
    private long platformRecords;
    private long insurerRecords;

    public long count(MatchClass c) {
      return counts[c.ordinal()];
    }

    public long platformRecords() {
      return platformRecords;
    }

    public long insurerRecords() {
      return insurerRecords;
    }
  }

  private final Config config;

  public SettlementGenerator(Config config) {
    this.config = config;
  }

  /** Writes both files as canonical JSON Lines and says what reconciling them must give. */
  public Expected write(Appendable platform, Appendable insurer) throws IOException {
    SplittableRandom random = new SplittableRandom(config.seed());
    Expected expected = new Expected();
    StringBuilder line = new StringBuilder(400);
    for (long i = 0; i < config.count(); i++) {
      SettlementRecord r = settlement(i, random);
      int draw = random.nextInt(1000);
      int bound = config.onlyPlatformPerMille();
      MatchClass c;
      if (draw < bound) {
        c = MatchClass.ONLY_PLATFORM;
        emit(platform, r, line);
        expected.platformRecords++;
      } else if (draw < (bound += config.onlyInsurerPerMille())) {
        c = MatchClass.ONLY_INSURER;
        emit(insurer, r, line);
        expected.insurerRecords++;
      } else if (draw < (bound += config.amountDiffPerMille())) {
        c = MatchClass.AMOUNT_DIFF;
        long delta = 1 + random.nextLong(Math.max(1, r.patientCash()));
        emit(platform, r, line);
        emit(insurer, new SettlementRecord(r.settlementId(), r.settlementDate(), r.status(), r.reverses(),
            r.hospitalId(), r.insurerId(), r.insuredId(), r.claimId(), r.total(), r.basicInsurance(),
            r.personalAccount(), r.commercialPayout() + delta, r.patientCash() - delta, 0, SplitFlag.NONE), line);
        expected.platformRecords++;
        expected.insurerRecords++;
      } else if (draw < (bound += config.statusDiffPerMille())) {
        c = MatchClass.STATUS_DIFF;
        Appendable reversedOn = (i & 1) == 0 ? platform : insurer;
        emit(platform, r, line);
        emit(insurer, r, line);
        emit(reversedOn, r.reversal(r.settlementId() + "-R", r.settlementDate()), line);
        expected.platformRecords += reversedOn == platform ? 2 : 1;
        expected.insurerRecords += reversedOn == insurer ? 2 : 1;
      } else {
        c = MatchClass.MATCHED;
        boolean reversed = draw < bound + config.reversedPerMille();
        for (Appendable side : new Appendable[] {platform, insurer}) {
          emit(side, r, line);
          if (reversed) {
            emit(side, r.reversal(r.settlementId() + "-R", r.settlementDate()), line);
          }
        }
        expected.platformRecords += reversed ? 2 : 1;
        expected.insurerRecords += reversed ? 2 : 1;
      }
      expected.counts[c.ordinal()]++;
    }
    return expected;
  }

  private SettlementRecord settlement(long i, SplittableRandom random) {
    // a bijection of the index onto 32 bits, so ids are unique but not in file order
    long scrambled = (i * 0x9E3779B1L) & 0xFFFFFFFFL;
    LocalDate date = config.from().plusDays(config.count() == 0 ? 0 : i * config.days() / config.count());
    String id = config.insurerId() + "-" + date.toString().replace("-", "") + "-" + padded(Long.toHexString(scrambled), 8);
    String hospital = "H" + padded(Integer.toString(random.nextInt(config.hospitals())), 4);
    long total = 5_000 + random.nextLong(5_000_000);
    long basic = total * (40 + random.nextInt(40)) / 100;
    long account = random.nextInt(4) == 0 ? Math.min(total - basic, random.nextLong(50_000)) : 0;
    long cash = total - basic - account;
    long payout = cash * random.nextInt(90) / 100;
    return new SettlementRecord(id, date, SettlementStatus.SETTLED, "", hospital, config.insurerId(),
        "P" + padded(Integer.toString(random.nextInt(1_000_000)), 8), "C" + padded(Long.toString(i), 10), total, basic, account,
        payout, cash - payout, 0, SplitFlag.NONE);
  }

  private static String padded(String digits, int width) {
    return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
  }

  private static void emit(Appendable out, SettlementRecord r, StringBuilder line) throws IOException {
    line.setLength(0);
    r.appendCanonicalJson(line);
    out.append(line.append('\n'));
  }
}
