package org.cosettle.crypto.bfv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Backend selection in this module, where only the pure-Java backend is on the class path. */
class BfvBackendsTest {
  @Test
  void javaIsTheDefaultAndTheOnlyBackendWithoutTheSealModule() {
    assertEquals(List.of("java"), BfvBackends.names());
    SchemeFixture.withSystemProperty(BfvBackends.PROPERTY, null, () -> assertEquals("java", BfvBackends.select().name()));
    SchemeFixture.withSystemProperty(BfvBackends.PROPERTY, " ", () -> assertEquals("java", BfvBackends.select().name()));
    SchemeFixture.withSystemProperty(BfvBackends.PROPERTY, "JAVA",
        () -> assertEquals("java", BfvBackends.select().name()));
    SchemeFixture.withSystemProperty(BfvBackends.PROPERTY, "seal", () -> {
      BfvBackendUnavailableException fromProperty = assertThrows(BfvBackendUnavailableException.class,
          BfvBackends::select);
      assertTrue(fromProperty.getMessage().contains("-Pseal"), fromProperty.getMessage());
    });
  }

  @Test
  void anAbsentBackendIsAClearErrorNamingWhatThereIs() {
    BfvBackendUnavailableException seal = assertThrows(BfvBackendUnavailableException.class,
        () -> BfvBackends.select("seal"));
    assertEquals("no BFV backend named 'seal' on the class path (found [java]): add cosettle-crypto-seal, built "
        + "with -Pseal against SEAL_HOME (docs/crypto-bfv.md)", seal.getMessage());
    BfvBackendUnavailableException other = assertThrows(BfvBackendUnavailableException.class,
        () -> BfvBackends.select("openfhe"));
    assertEquals("no BFV backend named 'openfhe' on the class path (found [java])", other.getMessage());
    assertThrows(IllegalArgumentException.class, () -> BfvBackends.select(" "));
  }

  @Test
  void theJavaBackendOpensSchemesAndTransforms() {
    BfvScheme he = BfvBackends.select("java").open(BfvParameters.defaults(4096));
    assertEquals("java", he.backend());
    assertEquals(4096, he.slotCount());
    assertEquals(BfvParameters.defaults(4096).plainModulus(), he.plainModulus());
    long p = BfvParameters.defaults(4096).coefficientModuli()[0];
    BfvBackend.Ntt ntt = BfvBackends.select("java").ntt(4096, p);
    assertEquals(p, ntt.modulus());
    assertEquals(4096, ntt.degree());
  }
}
