package org.cosettle.crypto.bfv;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Chooses a {@link BfvBackend} by name: {@code java} (this package, always present and the
 * default) or any backend registered for {@link ServiceLoader} on the class path, such as
 * {@code seal} from the optional {@code cosettle-crypto-seal} module. The name comes from the
 * caller ({@link #select(String)}), else from the system property {@value #PROPERTY}
 * ({@code -Dcosettle.he.backend=seal}), else it is {@value #JAVA}.
 *
 * <pre>{@code
 * BfvScheme he = BfvBackends.select("seal").open(BfvParameters.defaults(8192, 30));
 * BfvScheme configured = BfvBackends.select().open(parameters);   // -Dcosettle.he.backend or java
 * }</pre>
 */
public final class BfvBackends {
  /** The system property that names the backend when the caller does not. */
  public static final String PROPERTY = "cosettle.he.backend";
  /** The pure-Java backend's name, the default. */
  public static final String JAVA = "java";

  private static final BfvBackend JAVA_BACKEND = new JavaBackend();

  private BfvBackends() {}

  /** The backend named by {@value #PROPERTY}, or {@value #JAVA} when it is unset or blank. */
  public static BfvBackend select() {
    String configured = System.getProperty(PROPERTY);
    return select(configured == null || configured.isBlank() ? JAVA : configured);
  }

  /**
   * The backend of this name, loaded ({@link BfvBackend#load()}); throws
   * {@link BfvBackendUnavailableException} when no such backend is on the class path or its
   * native library fails to load.
   */
  public static BfvBackend select(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a backend name is required, one of " + names());
    }
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    if (wanted.equals(JAVA)) {
      return JAVA_BACKEND;
    }
    for (BfvBackend backend : ServiceLoader.load(BfvBackend.class)) {
      if (backend.name().equals(wanted)) {
        backend.load();
        return backend;
      }
    }
    throw new BfvBackendUnavailableException("no BFV backend named '" + wanted + "' on the class path (found "
        + names() + ")" + ("seal".equals(wanted)
            ? ": add cosettle-crypto-seal, built with -Pseal against SEAL_HOME (docs/crypto-bfv.md)" : ""));
  }

  /** The names of the backends on the class path, {@value #JAVA} first (not loaded). */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    names.add(JAVA);
    for (BfvBackend backend : ServiceLoader.load(BfvBackend.class)) {
      if (!names.contains(backend.name())) {
        names.add(backend.name());
      }
    }
    return names;
  }

  /** This package's BFV. */
  private static final class JavaBackend implements BfvBackend {
    @Override
    public String name() {
      return JAVA;
    }

    @Override
    public BfvScheme open(BfvParameters parameters) {
      return BfvContext.create(parameters).scheme();
    }

    @Override
    public Ntt ntt(int n, long prime) {
      return NegacyclicNtt.of(n, prime);
    }

    @Override
    public String toString() {
      return "BfvBackend[java]";
    }
  }
}
