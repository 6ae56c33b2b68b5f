package org.cosettle.platform.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.cosettle.core.InputError;
import org.cosettle.core.InputException;
import org.cosettle.platform.trust.PartyIdentity;
import org.cosettle.platform.trust.Role;
import org.cosettle.platform.trust.TestParties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsentFileTest {
  @TempDir Path tmp;
  final PartyIdentity platform = TestParties.identity(Role.PLATFORM, "platform");

  static ConsentRecord consent(String id, String insured) {
    return ConsentRecord.unsigned(id, insured, "INS-01", "claim_settlement", List.of("claim.*", "item.*", "patient.*"),
        Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-12-31T23:59:59Z"), null);
  }

  Path write(List<String> lines) throws Exception {
    Path p = tmp.resolve("consents.jsonl");
    Files.writeString(p, String.join("\n", lines) + "\n");
    return p;
  }

  @Test
  void signedRecordsReadBackEqual() throws Exception {
    List<String> lines = List.of(consent("CN-1", "P1").signedBy(platform).line(),
        consent("CN-2", "P2").signedBy(platform).line());
    List<ConsentRecord> read = ConsentFile.read(write(lines), List.of(platform.certificate()));
    assertEquals(lines, read.stream().map(ConsentRecord::line).toList());
  }

  @Test
  void everyBadLineIsReportedWithItsLineAndNothingIsAccepted() throws Exception {
    PartyIdentity stranger = TestParties.identity(Role.PLATFORM, "stranger");
    String good = consent("CN-1", "P1").signedBy(platform).line();
    List<String> lines = List.of(good,
        consent("CN-2", "P2").signedBy(platform).line().replace("INS-01", "INS-02"),
        consent("CN-3", "P3").signedBy(stranger).line(),
        good,
        "{\"consent_id\":",
        consent("CN-5", "P5").signedBy(platform).line().replace("\"revoked_at\":null,", ""),
        consent("CN-6", "P6").signedBy(platform).line().replace("patient.*", "patient"),
        consent("CN-7", "P7").signedBy(platform).line().replace("\"purpose\"", "\"purpose\":\"x\",\"extra\""),
        consent("CN-8", "P8").signedBy(platform).line().replace("\"P8\"", "\"P\\ud800\""));
    InputException e = assertThrows(InputException.class, () -> ConsentFile.read(write(lines), List.of(platform.certificate())));
    List<String> where = e.errors().stream().map(x -> x.line() + " " + x.field()).toList();
    assertEquals(List.of("2 signature", "3 signer", "4 consent_id", "5 ", "6 revoked_at", "7 scope", "8 extra", "9 "), where);
    InputError first = e.errors().get(0);
    assertEquals(tmp.resolve("consents.jsonl") + ":2: signature: does not verify: the record was changed after signing",
        first.toString());
  }

  @Test
  void everyChangedByteOfASignedRecordIsCaught() throws Exception {
    byte[] line = consent("CN-1", "P1").signedBy(platform).line().getBytes(StandardCharsets.UTF_8);
    List<Integer> accepted = new ArrayList<>();
    for (int i = 0; i < line.length; i++) {
      byte[] copy = line.clone();
      copy[i] ^= (byte) (i % 2 == 0 ? 0x01 : 0x20);
      Path p = tmp.resolve("c.jsonl");
      Files.write(p, copy);
      try {
        ConsentFile.read(p, List.of(platform.certificate()));
        accepted.add(i);
      } catch (InputException expected) {
        // refused
      }
    }
    if (!accepted.isEmpty()) {
      fail("changed bytes accepted at " + accepted);
    }
  }

  @Test
  void unsignedInputIsReadForSigningOnly() throws Exception {
    Path p = write(List.of(consent("CN-1", "P1").line()));
    assertEquals("CN-1", ConsentFile.readUnsigned(p).get(0).consentId());
    assertThrows(InputException.class, () -> ConsentFile.read(p, List.of(platform.certificate())));
    Path signed = write(List.of(consent("CN-1", "P1").signedBy(platform).line()));
    assertThrows(InputException.class, () -> ConsentFile.readUnsigned(signed));
  }
}
