package org.taskmix.arch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Enforces docs/formats.md's layering: numerical packages import no Jackson, picocli or chart
 * library, and packages depend only on packages below them.
 */
class LayeringTest {

    private static final Path MAIN = Path.of("src/main/java/org/taskmix");

    /** Layers from bottom to top; a layer may import only layers at or below its own rank. */
    private static final List<String> ORDER = List.of("linalg", "catalog", "selection", "theory", "validation",
            "nonlinear", "io", "study", "report", "cli");

    /** Exceptions to the strict order: theory may use selection (warm starts), as the design says. */
    private static final Map<String, Integer> RANK = rank();

    private static Map<String, Integer> rank() {
        Map<String, Integer> r = new java.util.HashMap<>();
        for (int i = 0; i < ORDER.size(); i++) {
            r.put(ORDER.get(i), i);
        }
        return r;
    }

    private static final Pattern IMPORT = Pattern.compile("^import (static )?([\\w.]+)", Pattern.MULTILINE);
    private static final List<String> NUMERICAL = List.of("linalg", "catalog", "selection", "theory", "validation",
            "nonlinear", "study");

    /** The one package that may call the deep-learning engine (docs/theory.md §9). */
    private static final String ENGINE_PACKAGE = "nonlinear";
    private static final List<String> FORBIDDEN = List.of("com.fasterxml", "picocli", "org.knowm", "me.tongfei");

    @Test
    void numericalLayersImportNoIoOrCliLibrary() throws IOException {
        List<String> bad = new ArrayList<>();
        for (String layer : NUMERICAL) {
            for (Path f : javaFiles(MAIN.resolve(layer))) {
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    String imp = m.group(2);
                    if (FORBIDDEN.stream().anyMatch(imp::startsWith)) {
                        bad.add(f + " imports " + imp);
                    }
                }
            }
        }
        assertTrue(bad.isEmpty(), "numerical layers must not import Jackson, picocli or chart libraries: " + bad);
    }

    @Test
    void dependenciesPointDown() throws IOException {
        List<String> bad = new ArrayList<>();
        for (String layer : ORDER) {
            for (Path f : javaFiles(MAIN.resolve(layer))) {
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    String imp = m.group(2);
                    if (!imp.startsWith("org.taskmix.")) {
                        continue;
                    }
                    String target = imp.substring("org.taskmix.".length()).split("\\.")[0];
                    Integer tr = RANK.get(target);
                    if (tr != null && tr > RANK.get(layer)) {
                        bad.add(f + " (" + layer + ") imports " + imp + " (" + target + ")");
                    }
                }
            }
        }
        assertTrue(bad.isEmpty(), "a layer may only import layers below it: " + bad);
    }

    @Test
    void onlyTheNonlinearPackageImportsDjl() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Path f : javaFiles(MAIN)) {
            String pkg = MAIN.relativize(f.getParent()).toString();
            Matcher m = IMPORT.matcher(Files.readString(f));
            while (m.find()) {
                if (m.group(2).startsWith("ai.djl") && !pkg.equals(ENGINE_PACKAGE)) {
                    bad.add(f + " imports " + m.group(2));
                }
            }
        }
        assertTrue(bad.isEmpty(), "only org.taskmix." + ENGINE_PACKAGE + " may import ai.djl: " + bad);
        assertTrue(Files.readString(MAIN.resolve(ENGINE_PACKAGE).resolve("EngineCheck.java")).lines()
                        .noneMatch(l -> l.startsWith("import ai.djl")),
                "EngineCheck must load without the engine's jars");
    }

    @Test
    void everyLayerExists() {
        for (String layer : ORDER) {
            assertTrue(Files.isDirectory(MAIN.resolve(layer)), "missing package " + layer);
        }
    }

    private static List<Path> javaFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }
}
