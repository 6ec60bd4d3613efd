package org.taskmix.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * bin/taskmix (docs/benchmarks.md §4) prints what {@code java -jar target/taskmix.jar} prints,
 * with its start-up archive, and keeps the quick-compiler-only choice to short commands.
 */
class LauncherIT {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    /** AppCDS before Java 25, the AOT cache from 25 on. */
    private static final String ARCHIVE_FLAG = Runtime.version().feature() >= 25 ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=";
    private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";
    /** Short commands never collect; the serial collector starts cheapest (docs/benchmarks.md §12). */
    private static final String SERIAL = "-XX:+UseSerialGC";
    /** Long commands run the Vector API kernels (docs/theory.md §9.2). */
    private static final String VECTOR = "--add-modules jdk.incubator.vector";

    @Test
    void printsWhatTheJarPrintsWithTheArchiveAndTheQuickCompiler() throws Exception {
        Run launched = run(Map.of(), "bin/taskmix", "inspect", "problems/tiny.json", "--json");
        Run plain = run(Map.of(), JAVA, "-jar", "target/taskmix.jar", "inspect", "problems/tiny.json", "--json");
        assertEquals(0, launched.code, launched.err);
        assertEquals(masked(plain.out), masked(launched.out));
        String command = launched.command();
        assertTrue(command.contains(ARCHIVE_FLAG), command);
        assertTrue(command.contains(C1_ONLY), command);
        assertTrue(command.contains(SERIAL), command);
        assertTrue(Files.isRegularFile(Path.of(command.replaceAll(".*" + ARCHIVE_FLAG + "(\\S+).*", "$1"))), command);
    }

    @Test
    void aCollectorInJavaOptsReplacesTheSerialOne() throws Exception {
        // Two collectors stop the JVM at start-up ("Multiple garbage collectors selected").
        Run g1 = run(Map.of("JAVA_OPTS", "-XX:+UseG1GC"), "bin/taskmix", "inspect", "problems/tiny.json");
        assertEquals(0, g1.code, g1.err);
        assertFalse(g1.command().contains(SERIAL), g1.command());
        assertTrue(g1.command().contains("-XX:+UseG1GC"), g1.command());
    }

    @Test
    void longCommandsKeepTheOptimisingCompiler() throws Exception {
        // --help: the command line is judged, the command itself need not run long.
        Run exact = run(Map.of(), "bin/taskmix", "solve", "problems/tiny.json", "--objective=exact", "--help");
        assertEquals(0, exact.code, exact.err);
        assertFalse(exact.command().contains(C1_ONLY), exact.command());
        Run big = run(Map.of("TASKMIX_SHORT_BYTES", "10"), "bin/taskmix", "inspect", "problems/tiny.json");
        assertEquals(0, big.code, big.err);
        assertFalse(big.command().contains(C1_ONLY), big.command());
        assertFalse(big.command().contains(SERIAL), big.command());
        Run validate = run(Map.of(), "bin/taskmix", "validate", "--help");
        assertFalse(validate.command().contains(C1_ONLY), validate.command());
        assertTrue(validate.command().contains(VECTOR), validate.command());
        assertFalse(validate.command().contains(ARCHIVE_FLAG), validate.command());
        Run plainKernels = run(Map.of("TASKMIX_VECTOR", "0"), "bin/taskmix", "validate", "--help");
        assertEquals(0, plainKernels.code, plainKernels.err);
        assertFalse(plainKernels.command().contains(VECTOR), plainKernels.command());
    }

    @Test
    void shortCommandsDoNotLoadTheIncubatorModule() throws Exception {
        // The module's warning line would be most of a short command's stderr.
        Run r = run(Map.of(), "bin/taskmix", "inspect", "problems/tiny.json");
        assertEquals(0, r.code, r.err);
        assertFalse(r.command().contains(VECTOR), r.command());
        assertFalse(r.err.contains("incubator"), r.err);
    }

    @Test
    void noCacheMeansNoArchive() throws Exception {
        Run r = run(Map.of("TASKMIX_NO_CACHE", "1"), "bin/taskmix", "--version");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.startsWith("taskmix "), r.out);
        assertFalse(r.command().contains(ARCHIVE_FLAG), r.command());
    }

    private record Run(int code, String out, String err) {
        /** The java command the launcher printed (TASKMIX_PRINT_COMMAND=1). */
        String command() {
            return err.lines().filter(l -> l.startsWith("taskmix: running: ")).findFirst().orElse("(none) " + err);
        }
    }

    private static String masked(String json) {
        return json.replaceAll("\"startTime\" : \"[^\"]*\"", "\"startTime\" : \"(masked)\"");
    }

    private static Run run(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(args));
        Path out = Files.createTempFile("launcher-out", ".txt");
        Path err = Files.createTempFile("launcher-err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("TASKMIX_JAVA", JAVA);
        pb.environment().put("TASKMIX_PRINT_COMMAND", "1");
        pb.environment().remove("JAVA_OPTS");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out: " + cmd);
        Run r = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }
}
