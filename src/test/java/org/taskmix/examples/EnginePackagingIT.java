package org.taskmix.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine stays beside the jar (docs/theory.md §9): taskmix.jar holds no DJL class, its
 * manifest names every jar of target/engine/, and a jar copied away from engine/ still runs the
 * LSA commands while a transformer command fails with one line, exit 2.
 */
class EnginePackagingIT {

    private static final Path JAR = Path.of("target/taskmix.jar");
    private static final Path ENGINE = Path.of("target/engine");

    /** taskmix.jar without the engine was about 12 MB when this was written; the native jar alone is 111 MB. */
    static final long MAX_JAR_BYTES = 40L << 20;

    @Test
    void jarIsLeanAndItsClassPathNamesEveryEngineJar() throws Exception {
        assertTrue(Files.size(JAR) < MAX_JAR_BYTES, "taskmix.jar is " + Files.size(JAR) + " bytes");
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("ai/djl/")), "DJL classes inside taskmix.jar");
            String cp = jar.getManifest().getMainAttributes().getValue("Class-Path");
            List<String> named = List.of(cp.trim().split("\\s+"));
            try (var files = Files.list(ENGINE)) {
                List<String> present = files.map(p -> "engine/" + p.getFileName()).sorted().toList();
                assertEquals(present, named.stream().sorted().toList(), "manifest Class-Path vs target/engine/");
            }
        }
    }

    @Test
    void withoutTheEngineTransformerCommandsSayWhatToBuild(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("taskmix.jar");
        Files.copy(JAR, jar, StandardCopyOption.REPLACE_EXISTING);
        Path problem = Path.of("problems/nonlinear-compute-vs-context.json").toAbsolutePath();
        Result ok = java(jar, "inspect", problem.toString());
        assertEquals(0, ok.code, ok.err);
        Result r = java(jar, "validate", problem.toString(), "--mixture", "uniform", "--model", "transformer");
        assertEquals(2, r.code, r.err);
        assertEquals(1, r.err.strip().lines().count(), r.err);
        assertTrue(r.err.startsWith("taskmix: error: --model transformer: the transformer engine (DJL + PyTorch) is not on"
                + " the class path"), r.err);
    }

    private record Result(int code, String out, String err) {
    }

    private static Result java(Path jar, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("out", ".txt");
        Path err = Files.createTempFile("err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out");
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
