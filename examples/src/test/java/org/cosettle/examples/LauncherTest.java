package org.cosettle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./cosettle} launcher (bash) on a checkout of its own in a temporary directory, with a
 * stand-in {@code ./mvnw} (it records that it ran and makes the jar) and a stand-in {@code java}
 * (it prints the command it was given): run through symlinks from elsewhere, it finds the checkout,
 * builds when the jar is missing or older than a source, and runs the jar; with a stand-in java
 * that writes an archive when asked to, it records the class-data archive once per build and uses
 * it only while it is safe.
 */
class LauncherTest {
  static final Path LAUNCHER = Path.of("..", "cosettle").toAbsolutePath().normalize();
  static final Instant NOW = Instant.now();

  @TempDir Path tmp;
  Path repo;
  Path fakeBin;
  Path jar;

  /** What a launcher run printed, and whether it built. */
  record Launch(int code, String out, String err) {}

  @BeforeEach
  void checkout() throws IOException {
    repo = Files.createDirectories(tmp.resolve("repo"));
    Files.copy(LAUNCHER, repo.resolve("cosettle"));
    executable(repo.resolve("cosettle"));
    source("pom.xml", 200);
    source("core/src/main/java/org/A.java", 200);
    source("examples/src/main/java/org/B.java", 200);
    source("examples/policies/p.cpl", 200);
    jar = repo.resolve("examples/target/cosettle.jar");
    Files.writeString(repo.resolve("mvnw"), "#!/usr/bin/env bash\necho \"$@\" >> mvnw.ran\n"
        + "[[ -f mvnw.fails ]] && exit 1\nmkdir -p examples/target && touch examples/target/cosettle.jar\n");
    executable(repo.resolve("mvnw"));
    fakeBin = Files.createDirectories(tmp.resolve("fake-bin"));
    Files.writeString(fakeBin.resolve("java"), "#!/usr/bin/env bash\necho \"java $*\"\n");
    executable(fakeBin.resolve("java"));
    Files.createDirectories(tmp.resolve("bin"));
    Files.createSymbolicLink(tmp.resolve("bin/cosettle"), Path.of("..", "repo", "cosettle"));
  }

  @Test
  void throughASymlinkItBuildsOnceThenRunsTheJarOfItsCheckout() throws Exception {
    Launch first = launch(tmp.resolve("bin/cosettle"), Map.of(), "--version");
    assertEquals(0, first.code(), first.toString());
    assertTrue(first.err().startsWith("cosettle: building the command line once"), first.toString());
    assertEquals("-B -q -ntp -DskipTests package -pl examples -am\n", Files.readString(repo.resolve("mvnw.ran")));
    assertTrue(first.out().matches("java .* -jar " + repo.toRealPath().resolve("examples/target/cosettle.jar")
        + " --version\n"), first.out());

    Launch second = launch(tmp.resolve("bin/cosettle"), Map.of(), "check", "a b.cpl");
    assertEquals("", second.err(), "the jar is up to date: no build");
    assertEquals(1, Files.readAllLines(repo.resolve("mvnw.ran")).size());
    assertTrue(second.out().endsWith("cosettle.jar check a b.cpl\n"), second.out());
  }

  @Test
  void aSourceOrPomNewerThanTheJarRebuildsIt() throws Exception {
    jarAged(100);
    assertEquals("cosettle: up to date: " + repo.toRealPath().resolve("examples/target/cosettle.jar") + "\n",
        check().out());
    source("core/src/test/java/org/ATest.java", 0);
    source("core/target/classes/org/A.class", 0);
    source("docs/notes.md", 0);
    assertTrue(check().out().startsWith("cosettle: up to date"), "tests, build output and docs are not sources");

    source("core/src/main/java/org/A.java", 0);
    assertTrue(check().out().endsWith(": core/src/main/java/org/A.java is newer than the jar\n"), check().out());
    Launch rebuild = launch(tmp.resolve("bin/cosettle"), Map.of(), "--version");
    assertEquals(0, rebuild.code(), rebuild.toString());
    assertTrue(rebuild.err().startsWith("cosettle: rebuilding the command line, core/src/main/java/org/A.java is newer "
        + "than the jar"), rebuild.toString());
    assertTrue(Files.exists(repo.resolve("mvnw.ran")));
    assertTrue(check().out().startsWith("cosettle: up to date"), "the rebuilt jar is newer");

    for (String file : new String[] {"examples/pom.xml", "examples/policies/p.cpl", "pom.xml"}) {
      jarAged(100);
      source(file, 0);
      assertTrue(check().out().endsWith(": " + file + " is newer than the jar\n"), file + ": " + check().out());
      source(file, 200);
    }
  }

  @Test
  void aFailedBuildRunsNothing() throws Exception {
    Files.writeString(repo.resolve("mvnw.fails"), "");
    Launch failed = launch(tmp.resolve("bin/cosettle"), Map.of(), "--version");
    assertEquals(1, failed.code(), failed.toString());
    assertEquals("", failed.out(), "java never runs");
    assertTrue(failed.err().endsWith("cosettle: the build failed; run ./mvnw -B -ntp package in " + repo.toRealPath()
        + " to see why\n"), failed.toString());
  }

  @Test
  void aChainOfSymlinksResolvesWithoutReadlinkDashF() throws Exception {
    jarAged(100);
    // a readlink that knows no -f, as on systems without GNU coreutils
    Files.writeString(fakeBin.resolve("readlink"), "#!/usr/bin/env bash\n[[ $1 == -f ]] && exit 1\n"
        + "exec " + whichReadlink() + " \"$@\"\n");
    executable(fakeBin.resolve("readlink"));
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere/deeper"));
    Files.createSymbolicLink(elsewhere.resolve("cs"), tmp.resolve("bin/cosettle"));
    Files.createSymbolicLink(tmp.resolve("cs2"), Path.of("elsewhere", "deeper", "cs"));
    Launch r = launch(tmp.resolve("cs2"), Map.of(), "demo");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains(" -jar " + repo.toRealPath().resolve("examples/target/cosettle.jar") + " demo"),
        r.out());
    assertFalse(Files.exists(repo.resolve("mvnw.ran")));
  }

  @Test
  void withSealHomeAndTheSealModuleBuiltItsJarsJoinTheClassPath() throws Exception {
    jarAged(100);
    Map<String, String> sealHome = Map.of("SEAL_HOME", tmp.resolve("seal").toString());
    // SEAL_HOME alone, without the module built: the jar as always
    Launch plain = launch(tmp.resolve("bin/cosettle"), sealHome, "run", "p.cpl");
    assertTrue(plain.out().matches("java .* -jar \\S+/cosettle.jar run p.cpl\n"), plain.out());
    source("crypto-seal/target/cosettle-crypto-seal-0.1.0-SNAPSHOT.jar", 100);
    source("crypto-seal/target/cosettle-crypto-seal-0.1.0-SNAPSHOT-sources.jar", 100);
    source("crypto-seal/target/lib/javacpp-1.5.14.jar", 100);
    Launch plainAgain = launch(tmp.resolve("bin/cosettle"), Map.of(), "run", "p.cpl");
    assertTrue(plainAgain.out().contains(" -jar "), "without SEAL_HOME the module is not used: " + plainAgain.out());
    Launch seal = launch(tmp.resolve("bin/cosettle"), sealHome, "run", "p.cpl", "--he-backend", "seal");
    assertEquals(0, seal.code(), seal.toString());
    Path real = repo.toRealPath();
    assertTrue(seal.out().endsWith(" -cp " + real.resolve("examples/target/cosettle.jar") + ":"
        + real.resolve("crypto-seal/target/cosettle-crypto-seal-0.1.0-SNAPSHOT.jar") + ":"
        + real.resolve("crypto-seal/target/lib/javacpp-1.5.14.jar")
        + " org.cosettle.examples.Main run p.cpl --he-backend seal\n"), seal.out());
    assertFalse(seal.out().contains("SharedArchiveFile"), seal.out());
  }

  @Test
  void theRealLauncherFindsItsCheckoutThroughASymlink() throws Exception {
    Path link = Files.createSymbolicLink(tmp.resolve("cosettle"), LAUNCHER);
    Launch r = launch(link, Map.of("COSETTLE_LAUNCHER_CHECK", "1"));
    assertEquals(0, r.code(), r.toString());
    Path realJar = LAUNCHER.toRealPath().getParent().resolve("examples/target/cosettle.jar");
    assertTrue(r.out().startsWith("cosettle: up to date: " + realJar + "\n")
        || r.out().startsWith("cosettle: would build " + realJar + ": "), r.out());
  }

  @Test
  void aClassDataArchiveIsRecordedOnceAfterABuildAndUsedByEveryStart() throws Exception {
    archivingJava();
    Launch first = launch(tmp.resolve("bin/cosettle"), Map.of(), "--version");
    assertEquals(0, first.code(), first.toString());
    assertTrue(first.err().contains("cosettle: recording the command line's classes for faster starts"), first.toString());
    Path archive = repo.toRealPath().resolve("examples/target/cosettle.jsa");
    assertEquals("java -XX:+UseParallelGC -XX:InitialRAMPercentage=10 -XX:MetaspaceSize=64m -XX:SharedArchiveFile="
        + archive + " -jar " + archive.resolveSibling("cosettle.jar") + " --version\n", first.out());
    assertEquals(List.of("record", "try"), recordings());
    assertFalse(Files.getPosixFilePermissions(archive).stream().anyMatch(p -> p.name().matches("(GROUP|OTHERS)_WRITE")));

    Launch second = launch(tmp.resolve("bin/cosettle"), Map.of(), "check", "p.cpl");
    assertEquals("", second.err());
    assertTrue(second.out().contains(" -XX:SharedArchiveFile=" + archive + " -jar "), second.out());
    assertEquals(2, recordings().size(), "recorded once");

    source("core/src/main/java/org/A.java", 0);
    Launch rebuilt = launch(tmp.resolve("bin/cosettle"), Map.of(), "--version");
    assertTrue(rebuilt.err().contains("recording the command line's classes"), rebuilt.toString());
    assertEquals(4, recordings().size(), "a new jar, a new archive");
  }

  @Test
  void anArchiveOrFolderOthersCanWriteIsNeverUsed() throws Exception {
    archivingJava();
    launch(tmp.resolve("bin/cosettle"), Map.of(), "--version");
    Path archive = repo.resolve("examples/target/cosettle.jsa");
    Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-rw-r--"));
    Launch again = launch(tmp.resolve("bin/cosettle"), Map.of(), "--version");
    assertTrue(again.err().contains("recording"), "an archive others can write is recorded anew: " + again);
    assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(archive)));

    Files.setPosixFilePermissions(archive.getParent(), PosixFilePermissions.fromString("rwxrwxrwx"));
    Launch shared = launch(tmp.resolve("bin/cosettle"), Map.of(), "--version");
    assertEquals("", shared.err(), "nothing is recorded in a folder others can write");
    assertFalse(shared.out().contains("SharedArchiveFile"), shared.out());
    assertEquals(4, recordings().size());
  }

  @Test
  void anArchiveTheJvmRefusesIsNotedOnceAndNotTriedAgainUntilTheJarChanges() throws Exception {
    archivingJava();
    Files.writeString(repo.resolve("java.refuses"), "");
    Launch first = launch(tmp.resolve("bin/cosettle"), Map.of(), "--version");
    assertEquals(0, first.code(), first.toString());
    assertTrue(first.err().endsWith("cosettle: could not record the class-data archive (see "
        + repo.toRealPath().resolve("examples/target/cosettle.jsa.log") + "); starting without it\n"), first.toString());
    assertFalse(first.out().contains("SharedArchiveFile"), first.out());
    assertFalse(Files.exists(repo.resolve("examples/target/cosettle.jsa")));
    Launch second = launch(tmp.resolve("bin/cosettle"), Map.of(), "--version");
    assertEquals("", second.err());
    assertEquals(List.of("record", "try"), recordings());

    Files.delete(repo.resolve("java.refuses"));
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now()));
    Launch newJar = launch(tmp.resolve("bin/cosettle"), Map.of(), "--version");
    assertEquals("", newJar.err().replaceFirst("cosettle: recording [^\n]*\n", ""), newJar.toString());
    assertTrue(newJar.out().contains("SharedArchiveFile"), newJar.out());
  }

  @Test
  void theArchiveIsNeitherRecordedNorUsedWhenTurnedOffOrWhenTheJavaOptionsAreGiven() throws Exception {
    archivingJava();
    Launch off = launch(tmp.resolve("bin/cosettle"), Map.of("COSETTLE_CDS", "0"), "--version");
    assertFalse(off.err().contains("recording"), off.toString());
    assertTrue(off.out().startsWith("java -XX:+UseParallelGC -XX:InitialRAMPercentage=10 -XX:MetaspaceSize=64m -jar "),
        off.out());
    Launch own = launch(tmp.resolve("bin/cosettle"), Map.of("COSETTLE_JAVA_OPTS", "-Xmx1g -XX:+UseSerialGC"), "demo");
    assertEquals("", own.err());
    assertTrue(own.out().startsWith("java -Xmx1g -XX:+UseSerialGC -jar "), own.out());
    assertEquals(List.of(), recordings());
  }

  /**
   * A stand-in java that, asked to archive at exit, writes the archive (read-only, as the JVM
   * does), and asked to start on it with {@code -Xshare:on}, succeeds unless {@code java.refuses}
   * exists in the checkout; each of these calls is logged in {@code java.recordings}.
   */
  private void archivingJava() throws Exception {
    jarAged(100);
    Files.writeString(fakeBin.resolve("java"), "#!/usr/bin/env bash\n"
        + "log=" + repo.resolve("java.recordings") + "\n"
        + "for a in \"$@\"; do case $a in\n"
        + "  -XX:ArchiveClassesAtExit=*) echo record >> $log; f=${a#*=}; echo archive > $f; chmod 444 $f; exit 0;;\n"
        + "  -Xshare:on) echo try >> $log; [[ -f " + repo.resolve("java.refuses") + " ]] && exit 1; exit 0;;\n"
        + "esac; done\n"
        + "echo \"java $*\"\n");
    executable(fakeBin.resolve("java"));
  }

  private List<String> recordings() throws IOException {
    Path log = repo.resolve("java.recordings");
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  private Launch check() throws Exception {
    return launch(tmp.resolve("bin/cosettle"), Map.of("COSETTLE_LAUNCHER_CHECK", "1"));
  }

  /** Runs {@code launcher ARGS} from a directory of its own, with the stand-in java first on PATH. */
  private Launch launch(Path launcher, Map<String, String> env, String... args) throws Exception {
    Path cwd = Files.createDirectories(tmp.resolve("cwd"));
    List<String> command = new ArrayList<>(List.of(launcher.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile())
        .redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile());
    pb.environment().put("PATH", fakeBin + ":" + System.getenv("PATH"));
    pb.environment().remove("COSETTLE_LAUNCHER_CHECK");
    pb.environment().remove("COSETTLE_JAVA_OPTS");
    pb.environment().remove("COSETTLE_CDS");
    pb.environment().remove("SEAL_HOME");
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the launcher did not finish");
    }
    return new Launch(p.exitValue(), Files.readString(tmp.resolve("out")), Files.readString(tmp.resolve("err")));
  }

  /** A file of the checkout, last modified {@code secondsAgo}. */
  private void source(String name, int secondsAgo) throws IOException {
    Path f = repo.resolve(name);
    Files.createDirectories(f.getParent());
    if (!Files.exists(f)) {
      Files.writeString(f, name);
    }
    Files.setLastModifiedTime(f, FileTime.from(NOW.minus(Duration.ofSeconds(secondsAgo))));
  }

  private void jarAged(int secondsAgo) throws IOException {
    Files.createDirectories(jar.getParent());
    if (!Files.exists(jar)) {
      Files.writeString(jar, "");
    }
    Files.setLastModifiedTime(jar, FileTime.from(NOW.minus(Duration.ofSeconds(secondsAgo))));
  }

  private static void executable(Path p) throws IOException {
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static String whichReadlink() {
    for (String dir : System.getenv("PATH").split(":")) {
      if (Files.isExecutable(Path.of(dir, "readlink"))) {
        return Path.of(dir, "readlink").toString();
      }
    }
    throw new AssertionError("no readlink on PATH");
  }
}
